import Foundation
import Yams

/// Reads `plugin.yaml` files, reporting problems at their line and column.
enum PluginManifestLoader {
    static let fileName = "plugin.yaml"
    private static let topKeys = ["name", "description", "kind", "enabled_when", "files", "smoke", "options", "server_extensions", "overrides", "packages", "user_fields"] + PluginContributionsReader.topKeys
    private static let fileKeys = ["template", "output", "when", "for_each", "owner", "secret"]

    static func load(path: String, displayPath: String) throws(DiagnosticsError) -> PluginManifest {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError(.error("cannot read plugin manifest", at: SourceLocation(file: displayPath, line: 1, column: 1)))
        }
        return try parse(text, file: displayPath)
    }

    static func parse(_ text: String, file: String) throws(DiagnosticsError) -> PluginManifest {
        let root: Node
        switch YAMLDocumentParser.parse(
            text, file: file, document: "plugin manifest",
            emptyMessage: "plugin manifest is empty; it needs at least 'name' and 'kind'") {
        case .document(let node): root = node
        case .failure(let diagnostics): throw DiagnosticsError(diagnostics)
        }

        var problems: [Diagnostic] = []
        func place(_ node: Node) -> SourceLocation {
            SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        func members(_ node: Node, allowed: [String], in scope: String) -> [String: Node] {
            guard let mapping = node.mapping else {
                problems.append(.error("\(scope) must be a mapping", at: place(node)))
                return [:]
            }
            var result: [String: Node] = [:]
            for (key, value) in mapping {
                let name = key.string ?? ""
                if allowed.contains(name) {
                    result[name] = value
                } else {
                    let hint = NearestName.suggestion(for: name, among: allowed).map { "; did you mean '\($0)'?" } ?? "; known keys: \(allowed.joined(separator: ", "))"
                    problems.append(.error("unknown key '\(name)' in \(scope)\(hint)", at: place(key)))
                }
            }
            return result
        }
        func string(_ node: Node?, _ key: String, required: Bool) -> String? {
            guard let node else {
                if required { problems.append(.error("missing required key '\(key)'", at: place(root))) }
                return nil
            }
            guard let value = node.scalar?.string, !value.isEmpty else {
                problems.append(.error("'\(key)' must be a non-empty string", at: place(node)))
                return nil
            }
            return value
        }

        let top = members(root, allowed: topKeys, in: "plugin manifest")
        let name = string(top["name"], "name", required: true) ?? ""
        let description = string(top["description"], "description", required: false) ?? ""
        var kind: PluginManifest.Kind?
        if let kindText = string(top["kind"], "kind", required: true) {
            kind = PluginManifest.Kind(rawValue: kindText)
            if kind == nil, let node = top["kind"] {
                problems.append(.error("unknown plugin kind '\(kindText)'; use framework or feature", at: place(node)))
            }
        }
        let enabledWhen = top["enabled_when"].flatMap { node in
            string(node, "enabled_when", required: false).map { Condition(parsing: $0, at: place(node)) }
        }

        var files: [PluginManifest.FileEntry] = []
        if let filesNode = top["files"] {
            if let sequence = filesNode.sequence {
                for item in sequence {
                    let entry = members(item, allowed: fileKeys, in: "files entry")
                    guard let template = string(entry["template"], "template", required: false) else {
                        if entry["template"] == nil { problems.append(.error("files entry needs 'template'", at: place(item))) }
                        continue
                    }
                    let output = string(entry["output"], "output", required: false) ?? PluginFiles.outputKey(of: template)
                    var owner = FileOwner.generator
                    if let ownerNode = entry["owner"], let ownerText = string(ownerNode, "owner", required: false) {
                        if let parsed = FileOwner(rawValue: ownerText) {
                            owner = parsed
                        } else {
                            problems.append(.error("unknown owner '\(ownerText)'; use generator or user", at: place(ownerNode)))
                        }
                    }
                    var secret = false
                    if let secretNode = entry["secret"] {
                        if let flag = secretNode.scalar.flatMap({ Bool.construct(from: $0) }) {
                            secret = flag
                        } else {
                            problems.append(.error("'secret' must be true or false", at: place(secretNode)))
                        }
                    }
                    files.append(.init(
                        template: template,
                        output: output,
                        when: entry["when"].flatMap { node in string(node, "when", required: false).map { Condition(parsing: $0, at: place(node)) } },
                        forEach: entry["for_each"].flatMap { string($0, "for_each", required: false) },
                        owner: owner,
                        secret: secret,
                        location: place(item)
                    ))
                }
            } else {
                problems.append(.error("'files' must be a list of entries", at: place(filesNode)))
            }
        }
        let smoke = top["smoke"].flatMap { string($0, "smoke", required: false) }
        var options: [PluginOption] = []
        if let optionsNode = top["options"] {
            var reader = PluginOptionsReader(file: file)
            options = reader.read(optionsNode)
            problems += reader.problems
        }

        var serverExtensions: [ServerExtensionEntry] = []
        if let extensionsNode = top["server_extensions"] {
            serverExtensions = readServerExtensions(extensionsNode, place: place, problems: &problems)
        }

        var overrides: [OverrideEntry] = []
        if let overridesNode = top["overrides"] {
            overrides = readOverrides(overridesNode, place: place, problems: &problems)
        }
        var packages: [PluginPackage] = []
        if let packagesNode = top["packages"] {
            var reader = PluginPackagesReader(file: file)
            packages = reader.read(packagesNode)
            problems += reader.problems
        }
        var userFields: [PluginUserField] = []
        if let fieldsNode = top["user_fields"] {
            var reader = PluginUserFieldsReader(file: file)
            userFields = reader.read(fieldsNode)
            problems += reader.problems
        }
        var contributions = PluginContributionsReader(file: file, plugin: name, options: options)
        let settings = top["settings"].map { contributions.readSettings($0) } ?? []
        let insertions = top["insert"].map { contributions.readInsertions($0) } ?? []
        problems += contributions.problems

        if !problems.isEmpty {
            // In source order; ties keep the order they were found in.
            let ordered = problems.enumerated().sorted { lhs, rhs in
                let l = lhs.element.location, r = rhs.element.location
                let lk = (l?.line ?? 0, l?.column ?? 0), rk = (r?.line ?? 0, r?.column ?? 0)
                return lk != rk ? lk < rk : lhs.offset < rhs.offset
            }
            throw DiagnosticsError(ordered.map(\.element))
        }
        var manifest = PluginManifest(
            name: name, description: description, kind: kind ?? .feature, enabledWhen: enabledWhen,
            files: files, smoke: smoke, options: options, serverExtensions: serverExtensions, overrides: overrides,
            location: SourceLocation(file: file, line: 1, column: 1)
        )
        (manifest.settings, manifest.insertions, manifest.packages) = (settings, insertions, packages)
        manifest.userFields = userFields
        return manifest
    }

    /// `overrides`: a mapping of `<framework>/<path>` to the 64 hexadecimal digits of a SHA-256.
    private static func readOverrides(
        _ node: Node, place: (Node) -> SourceLocation, problems: inout [Diagnostic]
    ) -> [OverrideEntry] {
        guard let mapping = node.mapping else {
            problems.append(.error("'overrides' must be a mapping of '<framework>/<path>' to the SHA-256 of the file it replaces, e.g. 'hummingbird/README.md.mustache: 3f2a…'", at: place(node)))
            return []
        }
        var entries: [OverrideEntry] = []
        for (key, value) in mapping {
            let path = key.string ?? ""
            guard path.contains("/"), !path.hasPrefix("/"), !path.hasSuffix("/"), !path.split(separator: "/").contains("..") else {
                problems.append(.error("overrides: '\(path)' is not '<framework>/<path>' (a file under the plugin's overrides/ folder, e.g. hummingbird/README.md.mustache)", at: place(key)))
                continue
            }
            guard let digest = value.string, digest.range(of: "^[0-9a-f]{64}$", options: .regularExpression) != nil else {
                problems.append(.error("overrides: '\(path)' needs the SHA-256 of the file it replaces: 64 lower-case hexadecimal digits (`authgen lint` prints it)", at: place(value)))
                continue
            }
            entries.append(OverrideEntry(path: path, replacesSHA256: digest, location: place(key)))
        }
        return entries
    }

    /// Swift type names: an upper-case letter, then letters and digits (`AuditLogExtension`).
    static let serverExtensionPattern = "^[A-Z][A-Za-z0-9]*$"

    /// `server_extensions`: a list of Swift type names, each once.
    private static func readServerExtensions(
        _ node: Node, place: (Node) -> SourceLocation, problems: inout [Diagnostic]
    ) -> [ServerExtensionEntry] {
        guard let sequence = node.sequence else {
            problems.append(.error("'server_extensions' must be a list of Swift type names, e.g. [AuditLogExtension]", at: place(node)))
            return []
        }
        var entries: [ServerExtensionEntry] = []
        for item in sequence {
            guard let name = item.scalar?.string,
                  name.range(of: serverExtensionPattern, options: .regularExpression) != nil
            else {
                let written = (item.scalar?.string).map { "'\($0)'" } ?? "this entry"
                problems.append(.error(
                    "server_extensions: \(written) is not a Swift type name; write an upper-case letter, then letters and digits (e.g. AuditLogExtension)",
                    at: place(item)))
                continue
            }
            if let first = entries.first(where: { $0.typeName == name }) {
                problems.append(.error(
                    "server_extensions: '\(name)' is listed twice (first at \(first.location.line):\(first.location.column)); keep one",
                    at: place(item)))
                continue
            }
            entries.append(ServerExtensionEntry(typeName: name, location: place(item)))
        }
        return entries
    }
}
