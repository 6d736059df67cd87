import ArgumentParser
import AuthGenCore
import Foundation

@main
struct AuthGenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authgen",
        abstract: "Generate a Swift authentication server from a YAML spec.",
        discussion: """
            Exit status: 0 success; 1 drift (--check), conflicts or a failed check; 2 invalid spec; \
            3 plugin or template error; 4 write error; 5 build failed; 6 tests failed; 7 smoke run failed.
            """,
        version: AuthGen.version,
        subcommands: [Init.self, Validate.self, Generate.self, Context.self, Plugins.self, Lint.self, Schema.self, Pipeline.self]
    )
}

/// Exit statuses, one per way the command can fail, so scripts can tell them apart.
enum ExitStatus {
    static let drift = ExitCode(1)
    static let invalidSpec = ExitCode(2)
    static let pluginError = ExitCode(3)
    static let writeError = ExitCode(4)
    static let buildFailed = ExitCode(5)
    static let testsFailed = ExitCode(6)
    static let smokeFailed = ExitCode(7)
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options every command that reads plugins shares.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp("A folder of extra plugins; a file at the same path as a built-in template overrides it (repeatable).", valueName: "dir"))
    var folders: [String] = []

    func pluginFolders() throws -> [URL] {
        guard let builtIn = BuiltInTemplates.folder() else {
            Console.error("error: cannot find the built-in Templates/ folder; set AUTHGEN_TEMPLATES to its path")
            throw ExitStatus.pluginError
        }
        return [builtIn] + folders.map { URL(fileURLWithPath: $0) }
    }
}

/// What `generate` and `pipeline` share: the spec, where to write, the plugins, and whether to overwrite edits.
struct GenerationOptions: ParsableArguments {
    @Argument(help: "The spec file.")
    var spec: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The output folder (default: Generated/<project name>).", valueName: "dir"))
    var output: String?

    @OptionGroup var plugins: PluginOptions

    @Option(name: .customLong("force"), help: ArgumentHelp("Overwrite your edits to this file (or every file below this folder; '.' for all) when the rendering changed too; your version is saved first as PATH.authgen-old (repeatable).", valueName: "path"))
    var force: [String] = []

    @Flag(help: "Generate into a folder that holds files authgen did not write (no .authgen/manifest.json): a file that differs is a conflict, never overwritten.")
    var intoExisting = false

    /// `--force` paths, relative to the output folder.
    var forcedPaths: Set<String> { Set(force.map(relativeOutputPath)) }

    @Flag(help: "Allow a resource or field removed from the spec: generate a migration that drops its table or column (and its data).")
    var allowDestructive = false
}

/// stderr for diagnostics and progress, stdout for results.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.description) }
    }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        output(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
