import ArgumentParser
import AuthGenCore
import Foundation

struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the plugins found: options, files and their conditions, and which template overrides which.",
        discussion: "Built-in plugins first, then each --plugins folder; a file at the same path as an earlier one overrides it.")

    @OptionGroup var plugins: PluginOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let folders = try plugins.pluginFolders()
        let catalog: PluginCatalog
        do {
            catalog = try PluginCatalog.load(from: folders)
        } catch {
            Console.report(error.diagnostics)
            throw ExitStatus.pluginError
        }
        let listing = PluginListing(catalog)
        switch format {
        case .text: for line in listing.lines { Console.output(line) }
        case .json: try Console.json(listing)
        }
    }
}
