import ArgumentParser
import AuthGenCore
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a commented starter spec.")

    @Argument(help: "Where to write it.")
    var path = "authgen.yaml"

    @Flag(help: "Replace an existing file.")
    var force = false

    func run() throws {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        if exists, isFolder.boolValue {
            Console.error("error: '\(path)' is a folder; name the spec file to write, e.g. \((path as NSString).appendingPathComponent("authgen.yaml"))")
            throw ExitStatus.writeError
        }
        if exists, !force {
            Console.error("error: '\(path)' already exists; pass --force to replace it or name another file")
            throw ExitStatus.writeError
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, !FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) || !isFolder.boolValue {
            Console.error("error: cannot write '\(path)': the folder '\(parent)' does not exist; create it first (mkdir -p \(parent))")
            throw ExitStatus.writeError
        }
        do {
            try Data(StarterSpec.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let reason = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).map { String(cString: strerror(Int32($0.code))) }
                ?? "it cannot be written"
            Console.error("error: cannot write '\(path)': \(reason)")
            throw ExitStatus.writeError
        }
        Console.error("wrote \(path); edit it, then run: authgen validate \(path) && authgen pipeline \(path)")
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a spec and report every problem in it.")

    @Argument(help: "The spec file.")
    var spec: String

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var plugins: PluginOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The folder generate writes to (default Generated/<project name>): when it holds an earlier generation, the spec's changes are checked against its migration history too.", valueName: "dir"))
    var output: String?

    @Flag(help: "As for generate: a resource or field removed from the spec is a dropping migration, not an error.")
    var allowDestructive = false

    func run() throws {
        let generator = Generator(pluginFolders: try plugins.pluginFolders())
        var result = generator.checkSpec(at: spec)
        if let project = result.spec?.project.name {
            let folder = URL(fileURLWithPath: output ?? "Generated/\(project)")
            result.diagnostics += generator.historyDiagnostics(of: result, in: folder, allowDestructive: allowDestructive)
        }
        switch format {
        case .text:
            Console.report(result.diagnostics)
            if !result.diagnostics.hasErrors { Console.output("\(spec): valid") }
        case .json:
            try Console.json(ValidationReport(valid: !result.diagnostics.hasErrors, diagnostics: result.diagnostics))
        }
        if result.diagnostics.hasErrors { throw ExitStatus.invalidSpec }
    }

    struct ValidationReport: Encodable {
        var valid: Bool
        var diagnostics: [Diagnostic]
    }
}

struct Context: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the values templates see for a spec, as JSON; or, with --reference, every context key as Markdown."
    )

    @Argument(help: "The spec file.")
    var spec: String?

    @Flag(help: "Print the Markdown reference of every context key (key, type, meaning) instead; takes no spec.")
    var reference = false

    func validate() throws {
        if reference, spec != nil { throw ValidationError("--reference takes no spec: the reference is the same for every spec") }
        if !reference, spec == nil { throw ValidationError("name a spec file, or pass --reference") }
    }

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        guard let specPath = spec else {
            FileHandle.standardOutput.write(Data(ContextSchema.markdownReference().utf8))
            return
        }
        let generator = Generator(pluginFolders: try plugins.pluginFolders())
        let spec = try loadOrExit(specPath, with: generator)
        let context: RenderContext
        do {
            context = try generator.printableContext(for: spec)
        } catch {
            Console.report(error.diagnostics)
            throw ExitStatus.pluginError
        }
        try Console.json(context)
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema of the spec, for editors.",
        discussion: "Its 'plugins' key lists the options of every plugin found (built-in and --plugins folders).")

    @OptionGroup var plugins: PluginOptions

    @Flag(help: "Print the Markdown reference of every spec key (key, type, default, meaning) instead: the README's table.")
    var reference = false

    func run() throws {
        if reference {
            FileHandle.standardOutput.write(Data(SpecReference.markdown().utf8))
            return
        }
        let folders = try plugins.pluginFolders()
        do {
            Console.output(SpecSchema.jsonSchema(plugins: try PluginCatalog.load(from: folders).plugins))
        } catch {
            Console.report(error.diagnostics)
            throw ExitStatus.pluginError
        }
    }
}

/// The spec, or its diagnostics on stderr and exit status 2.
func loadOrExit(_ path: String, with generator: Generator) throws -> Spec {
    do {
        let (spec, warnings, _) = try generator.loadSpec(at: path)
        Console.report(warnings)
        return spec
    } catch {
        Console.report(error.diagnostics)
        throw ExitStatus.invalidSpec
    }
}
