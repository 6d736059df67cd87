import ArgumentParser
import AuthGenCore
import Foundation

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every template of every plugin against the context model and every manifest against its folder.",
        discussion: """
            Reports, at file:line:column with the fix: tags naming unknown context keys (section and for_each scopes \
            respected), unbalanced or mismatched sections, partials, templates no manifest names, manifest entries whose \
            template is missing, two files rendering to the same output path, and conditions or for_each on unknown keys \
            or keys of the wrong type. Exit status 1 when anything is found.
            """
    )

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let report = PluginLinter.lint(folders: try plugins.pluginFolders())
        for diagnostic in report.diagnostics { Console.output(diagnostic.description) }
        Console.output(report.summary)
        if report.diagnostics.hasErrors { throw ExitStatus.drift }
    }
}
