import Foundation

/// A plugin as assembled from one or more folders of the same name: the built-in one first,
/// then each `--plugins` folder, a later file replacing an earlier one at the same relative path (a template
/// `X.mustache` and a plain file `X` stand at the same path). Its manifest's `files` list every file it renders.
package struct Plugin: Sendable, Equatable {
    package var manifest: PluginManifest
    /// Template path (relative to the plugin folder) → the file that provides it.
    package var templateFiles: [String: String]
    /// Template path → the earlier files it replaces, for `authgen plugins`.
    package var overridden: [String: [String]]
    /// The folders this plugin was assembled from, in layer order.
    package var folders: [String]

    package var name: String { manifest.name }

    /// The files under the plugin's `overrides/` folder, by `<framework>/<path>`: each replaces that framework's file
    /// while this plugin is enabled.
    package var overrideFiles: [String: String] {
        let prefix = PluginFiles.overridesFolder + "/"
        return Dictionary(uniqueKeysWithValues: templateFiles.compactMap { relative, path in
            relative.hasPrefix(prefix) ? (String(relative.dropFirst(prefix.count)), path) : nil
        })
    }

    /// Makes `path` provide `file`, replacing the file at the same output path (template or plain) and recording it,
    /// with whatever that one had replaced, in `overridden`.
    mutating func provide(_ file: String, from path: String) {
        let key = PluginFiles.outputKey(of: file)
        var replaced: [String] = []
        for earlier in [key, key + PluginFiles.templateSuffix] {
            guard let previous = templateFiles.removeValue(forKey: earlier) else { continue }
            replaced += overridden.removeValue(forKey: earlier) ?? []
            replaced.append(previous)
        }
        if !replaced.isEmpty { overridden[file] = replaced }
        templateFiles[file] = path
    }

    /// The plugin with `file` (a path in this plugin) provided by `path`, the file list resolved again.
    func replacing(_ file: String, with path: String) -> Plugin {
        var plugin = self
        plugin.provide(file, from: path)
        plugin.manifest.files = PluginFiles.resolve(plugin.manifest, files: plugin.templateFiles)
        return plugin
    }

    /// The text of a template, or an error at the manifest entry that names it.
    package func templateText(_ template: String, requestedAt location: SourceLocation) throws(DiagnosticsError) -> String {
        guard let path = templateFiles[template] else {
            throw DiagnosticsError(.error("template '\(template)' is not in plugin '\(name)' (looked in \(folders.joined(separator: ", ")))", at: location))
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError(.error("cannot read template '\(path)' as UTF-8 text", at: location))
        }
        return text
    }

    /// The bytes of a plain file, or an error at the manifest entry that names it.
    package func fileContents(_ file: String, requestedAt location: SourceLocation) throws(DiagnosticsError) -> Data {
        guard let path = templateFiles[file] else {
            throw DiagnosticsError(.error("file '\(file)' is not in plugin '\(name)' (looked in \(folders.joined(separator: ", ")))", at: location))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError(.error("cannot read '\(path)'", at: location))
        }
        return data
    }
}

/// Every plugin found in the plugin folders.
package struct PluginCatalog: Sendable, Equatable {
    package var plugins: [Plugin]

    package init(plugins: [Plugin]) {
        self.plugins = plugins.sorted { $0.name < $1.name }
    }

    package subscript(name: String) -> Plugin? {
        plugins.first { $0.name == name }
    }

    /// Reads every `<folder>/<plugin>/plugin.yaml` below the given folders, in order.
    package static func load(from folders: [URL]) throws(DiagnosticsError) -> PluginCatalog {
        var assembled: [String: Plugin] = [:]
        var order: [String] = []
        var problems: [Diagnostic] = []
        let fileManager = FileManager.default

        for folder in folders {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                problems.append(.error("plugin folder '\(folder.path)' does not exist; pass a folder that holds <plugin>/plugin.yaml"))
                continue
            }
            let names = ((try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") {
                let pluginFolder = folder.appendingPathComponent(name)
                guard fileManager.fileExists(atPath: pluginFolder.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                let files = templateFiles(in: pluginFolder)
                let manifestPath = pluginFolder.appendingPathComponent(PluginManifestLoader.fileName).path
                var manifest: PluginManifest?
                if fileManager.fileExists(atPath: manifestPath) {
                    do {
                        manifest = try PluginManifestLoader.load(path: manifestPath, displayPath: DisplayPath.of(manifestPath))
                    } catch {
                        problems += error.diagnostics
                        continue
                    }
                    if let read = manifest, read.name != name {
                        problems.append(.error("plugin folder '\(name)' holds a manifest named '\(read.name)'; the folder and 'name' must agree", at: read.location))
                        continue
                    }
                }

                problems += clashes(in: files)
                if var existing = assembled[name] {
                    for (template, path) in files.sorted(by: { $0.key < $1.key }) {
                        existing.provide(template, from: path)
                    }
                    if let manifest { existing.manifest = manifest }
                    existing.folders.append(DisplayPath.of(pluginFolder.path))
                    assembled[name] = existing
                } else if let manifest {
                    assembled[name] = Plugin(manifest: manifest, templateFiles: files, overridden: [:], folders: [DisplayPath.of(pluginFolder.path)])
                    order.append(name)
                } else if !files.isEmpty {
                    problems.append(.error("'\(DisplayPath.of(pluginFolder.path))' overrides templates of plugin '\(name)', but no earlier plugin folder defines it; add a plugin.yaml or check the name"))
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return PluginCatalog(plugins: order.compactMap { name in
            assembled[name].map { plugin in
                var plugin = plugin
                plugin.manifest.files = PluginFiles.resolve(plugin.manifest, files: plugin.templateFiles)
                return plugin
            }
        })
    }

    /// A template and a plain file that would render to the same path, in one folder.
    private static func clashes(in files: [String: String]) -> [Diagnostic] {
        files.keys.sorted().compactMap { relative in
            guard relative.hasSuffix(PluginFiles.templateSuffix), let plain = files[PluginFiles.outputKey(of: relative)] else { return nil }
            return .error(
                "'\(relative)' and '\(PluginFiles.outputKey(of: relative))' both render to '\(PluginFiles.outputKey(of: relative))'; keep one",
                at: SourceLocation(file: DisplayPath.of(plain), line: 1, column: 1))
        }
    }

    /// The plugins a spec turns on: its framework plugin, then the feature plugins whose condition holds, by name.
    /// A feature plugin without `enabled_when` is on when the spec sets its options (`configured`: the names under
    /// the spec's `plugins:` key), so a third-party plugin is turned on by naming it.
    package func selection(framework: String, context: JSONValue, configured: Set<String> = []) throws(DiagnosticsError) -> [Plugin] {
        let frameworks = plugins.filter { $0.manifest.kind == .framework }
        guard let chosen = frameworks.first(where: { $0.name == framework }) else {
            let known = frameworks.map(\.name)
            let hint = NearestName.suggestion(for: framework, among: known).map { "did you mean '\($0)'? " } ?? ""
            throw DiagnosticsError(.error("no framework plugin named '\(framework)' (server.framework); \(hint)available: \(known.isEmpty ? "none" : known.joined(separator: ", "))"))
        }
        var selected = [chosen]
        var problems: [Diagnostic] = []
        for plugin in plugins where plugin.manifest.kind == .feature {
            guard let condition = plugin.manifest.enabledWhen else {
                if configured.contains(plugin.name) { selected.append(plugin) }
                continue
            }
            do {
                if try condition.evaluate(in: context) { selected.append(plugin) }
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return try Self.applyingOverrides(selected)
    }

    /// The selected plugins with the framework's files replaced by the `overrides/<framework>/…` files of the enabled
    /// feature plugins; two enabled plugins replacing one file is an error naming both.
    static func applyingOverrides(_ selected: [Plugin]) throws(DiagnosticsError) -> [Plugin] {
        guard var framework = selected.first(where: { $0.manifest.kind == .framework }) else { return selected }
        var replacedBy: [String: String] = [:]
        var problems: [Diagnostic] = []
        for plugin in selected where plugin.manifest.kind == .feature {
            for (path, file) in plugin.overrideFiles.sorted(by: { $0.key < $1.key }) where path.hasPrefix(framework.name + "/") {
                let target = String(path.dropFirst(framework.name.count + 1))
                let key = PluginFiles.outputKey(of: target)
                if let other = replacedBy[key] {
                    problems.append(.error(
                        "plugins '\(other)' and '\(plugin.name)' both override \(framework.name)'s '\(target)'; only one enabled plugin may replace a file",
                        at: SourceLocation(file: DisplayPath.of(file), line: 1, column: 1)))
                    continue
                }
                replacedBy[key] = plugin.name
                framework = framework.replacing(target, with: file)
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return selected.map { $0.name == framework.name ? framework : $0 }
    }

    /// Every regular file under a plugin folder except its manifest, by relative path.
    private static func templateFiles(in folder: URL) -> [String: String] {
        var result: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return result }
        while let relative = enumerator.nextObject() as? String {
            let path = folder.appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  relative != PluginManifestLoader.fileName
            else { continue }
            result[relative] = path
        }
        return result
    }
}

/// Paths as a person wants to read them: relative to the working directory when inside it.
package enum DisplayPath {
    package static func of(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        if standardized.hasPrefix(current + "/") {
            return String(standardized.dropFirst(current.count + 1))
        }
        return standardized
    }
}
