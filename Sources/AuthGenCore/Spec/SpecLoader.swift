import Foundation

/// The outcome of reading a spec: the model when it is valid, and every diagnostic found.
package struct SpecLoadResult: Sendable {
    package var spec: Spec?
    package var diagnostics: [Diagnostic]
    /// Where resources and fields stand, for diagnostics of later stages.
    package var locations: SpecLocations

    package init(spec: Spec?, diagnostics: [Diagnostic], locations: SpecLocations = SpecLocations(file: "spec")) {
        self.spec = spec
        self.diagnostics = diagnostics
        self.locations = locations
    }
}

/// Spec stage entry points: YAML text → node tree (with positions) → checked `Spec`, with every diagnostic in source order.
package enum SpecLoader {
    /// Parses and validates `text`; `file` is the name used in diagnostics. `spec` is nil whenever an error was found.
    /// `plugins`: the plugins found, to check the spec's `plugins` key against (unknown plugin or option, type,
    /// allowed values); without them that key's values are kept as written, unchecked.
    package static func parse(_ text: String, file: String, plugins: [PluginManifest]? = nil) -> SpecLoadResult {
        let sink = SpecDiagnostics(file: file)
        return parse(text, into: sink, plugins: plugins)
    }

    /// Reads the file at `path` and parses it; a missing or unreadable file is an error diagnostic.
    package static func load(path: String, plugins: [PluginManifest]? = nil) -> SpecLoadResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            return SpecLoadResult(spec: nil, diagnostics: [.error("cannot read spec file '\(path)': \(unreadableReason(path))")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return SpecLoadResult(spec: nil, diagnostics: [.error("spec file '\(path)' is not valid UTF-8; save it as UTF-8")])
        }
        return parse(text, file: path, plugins: plugins)
    }

    /// The same as `parse`, collecting into `sink` (tests read which keys were consumed).
    static func parse(_ text: String, into sink: SpecDiagnostics, plugins: [PluginManifest]? = nil) -> SpecLoadResult {
        let parsed = YAMLDocumentParser.parse(
            text, file: sink.file, document: "spec",
            emptyMessage: "the spec is empty; start with 'version: 1' and 'project: {name: my-app}'")
        switch parsed {
        case .failure(let diagnostics):
            return SpecLoadResult(spec: nil, diagnostics: diagnostics)
        case .document(let root):
            let declared = plugins.map { Dictionary($0.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }) }
            let spec = SpecDecoder(sink: sink, plugins: declared).decode(root)
            let diagnostics = sink.sorted
            return SpecLoadResult(spec: diagnostics.hasErrors ? nil : spec, diagnostics: diagnostics, locations: sink.locations)
        }
    }
}

extension SpecLoader {
    /// Why the file at `path` cannot be read, in words: missing, a folder, no permission, …
    static func unreadableReason(_ path: String) -> String {
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent) {
                return "no such file (the folder '\(parent)' does not exist either)"
            }
            return "no such file; check the path, or run `authgen init \(path)` to write a starter spec"
        }
        if isFolder.boolValue { return "it is a folder, not a file; name the spec file inside it" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied; make it readable (chmod u+r)" }
        return "it cannot be read"
    }
}
