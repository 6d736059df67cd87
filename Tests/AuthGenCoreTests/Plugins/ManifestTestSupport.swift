@testable import AuthGenCore

/// The diagnostics of a feature plugin's `plugin.yaml` made of `name`'s header and `body`, as printed; none when it reads.
func featureManifestProblems(name: String, file: String, _ body: String) -> [String] {
    do {
        _ = try PluginManifestLoader.parse("name: \(name)\nkind: feature\nfiles: []\n" + body, file: file)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}
