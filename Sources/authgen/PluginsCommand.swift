import ArgumentParser
import AuthGenCore
import Foundation

struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the plugins found, their files and conditions, and which template overrides which.")

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let catalog: PluginCatalog
        do {
            catalog = try PluginCatalog.load(from: try plugins.pluginFolders())
        } catch let error as DiagnosticsError {
            Console.report(error.diagnostics)
            throw ExitStatus.pluginError
        }
        for plugin in catalog.plugins {
            let manifest = plugin.manifest
            let condition = manifest.kind == .framework ? "server.framework: \(manifest.name)" : "enabled when \(manifest.enabledWhen?.description ?? "never")"
            Console.output("\(manifest.name) (\(manifest.kind.rawValue), \(condition)): \(manifest.description)")
            Console.output("  from: \(plugin.folders.joined(separator: ", "))")
            for file in manifest.files {
                var notes: [String] = []
                if let when = file.when { notes.append("when \(when)") }
                if let list = file.forEach { notes.append("for each of \(list)") }
                if file.owner == .user { notes.append("owned by the user once created") }
                if let replaced = plugin.overridden[file.template], let source = plugin.templateFiles[file.template] {
                    notes.append("\(DisplayPath.of(source)) overrides \(replaced.map(DisplayPath.of).joined(separator: ", "))")
                }
                Console.output("  \(file.output)  ← \(file.template)\(notes.isEmpty ? "" : "  [\(notes.joined(separator: "; "))]")")
            }
            if let smoke = manifest.smoke { Console.output("  smoke scenario: \(smoke)") }
        }
    }
}
