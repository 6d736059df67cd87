import Foundation

/// How a plugin folder becomes the list of files it renders: every file of the folder, by relative path, with the
/// entries of `plugin.yaml`'s `files` laid on the few that need one.
enum PluginFiles {
    /// A file whose name ends in this is a Mustache template; any other file is copied byte for byte.
    static let templateSuffix = ".mustache"
    /// The folder of a feature plugin's replacements for framework files (`overrides/<framework>/…`), never output.
    static let overridesFolder = "overrides"

    /// The path a file renders to when nothing says otherwise, and the key a later plugin folder overrides it by:
    /// its relative path without `.mustache`, so a plain file can replace a template and the other way round.
    static func outputKey(of file: String) -> String {
        file.hasSuffix(templateSuffix) ? String(file.dropLast(templateSuffix.count)) : file
    }

    /// Whether a relative path of the plugin folder is output: not the manifest, not hidden, not an override, not a
    /// file the manifest uses for something else (the smoke scenario).
    static func isOutput(_ relative: String, of manifest: PluginManifest) -> Bool {
        let parts = relative.split(separator: "/")
        return relative != PluginManifestLoader.fileName
            && !parts.contains { $0.hasPrefix(".") }
            && parts.first.map(String.init) != overridesFolder
            && !manifest.auxiliaryFiles.contains(relative)
    }

    /// The manifest's own entries, each naming the file that stands at its key now, followed by an entry for every other
    /// output file of the folder, sorted by path. An entry whose file is missing stays as written: render and lint
    /// report it at its place.
    static func resolve(_ manifest: PluginManifest, files: [String: String]) -> [PluginManifest.FileEntry] {
        var byKey: [String: String] = [:]
        for relative in files.keys.sorted() where isOutput(relative, of: manifest) {
            byKey[outputKey(of: relative)] = relative
        }
        var claimed: Set<String> = []
        var entries: [PluginManifest.FileEntry] = manifest.files.filter { !$0.isPlain }.map { entry in
            var entry = entry
            let key = outputKey(of: entry.template)
            if let present = byKey[key] {
                entry.template = present
                claimed.insert(key)
            }
            return entry
        }
        for (key, relative) in byKey.sorted(by: { $0.key < $1.key }) where !claimed.contains(key) {
            entries.append(PluginManifest.FileEntry(
                template: relative, output: key, when: nil, forEach: nil, owner: .generator, secret: false,
                location: SourceLocation(file: files[relative].map(DisplayPath.of) ?? relative, line: 1, column: 1),
                isPlain: true))
        }
        return entries
    }
}
