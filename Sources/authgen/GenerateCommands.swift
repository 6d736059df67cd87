import ArgumentParser
import AuthGenCore
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a spec into a project folder, writing only what changed.",
        discussion: "Files the user owns (such as .env) are created once and never touched again; they are not part of --check."
    )

    @OptionGroup var target: GenerationOptions

    @Flag(help: "Print the plan (one line per file) and write nothing.")
    var dryRun = false

    @Flag(help: "Write nothing; exit 1 and list the files that would change (the drift check for CI).")
    var check = false

    @Option(help: "text or json, for the plan of --dry-run and --check.")
    var format: OutputFormat = .text

    func run() throws {
        let generator = Generator(pluginFolders: try target.plugins.pluginFolders())
        let spec = try loadOrExit(target.spec, with: generator)
        let outputDirectory = URL(fileURLWithPath: target.output ?? "Generated/\(spec.project.name)")
        let outcome = try runGeneration(generator, spec: target.spec, outputDirectory: outputDirectory, force: target.force, write: !dryRun && !check)
        let plan = outcome.plan

        if check {
            let drift = plan.files.filter { $0.isDrift }
            if format == .json {
                try Console.json(PlanReport(plan, only: drift))
            } else {
                for file in drift { Console.output("\(file.action.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(file.path)") }
                Console.error(drift.isEmpty
                    ? "\(DisplayPath.of(outputDirectory.path)) is up to date with \(target.spec)"
                    : "\(drift.count) file(s) in \(DisplayPath.of(outputDirectory.path)) differ from what \(target.spec) generates; run: authgen generate \(target.spec)\(target.output.map { " -o \($0)" } ?? "")")
            }
            if !drift.isEmpty { throw ExitStatus.drift }
            return
        }
        if dryRun {
            if format == .json {
                try Console.json(PlanReport(plan, only: plan.files))
            } else {
                for file in plan.files { Console.output(file.line) }
                Console.output(plan.summary)
            }
            return
        }
        for file in plan.files where file.action != .unchanged { Console.output(file.line) }
        Console.error("\(DisplayPath.of(outputDirectory.path)): \(plan.summary); \(outcome.report?.filesWritten ?? 0) file(s) written")
        if !plan.conflicts.isEmpty { throw ExitStatus.drift }
    }
}

/// Runs the stages up to planning (and writing), mapping each failure to its exit status.
func runGeneration(_ generator: Generator, spec: String, outputDirectory: URL, force: Bool, write: Bool) throws -> Generator.Outcome {
    do {
        return try generator.generate(specPath: spec, outputDirectory: outputDirectory, force: force, write: write)
    } catch {
        Console.report(error.diagnostics)
        switch error.stage {
        case .spec: throw ExitStatus.invalidSpec
        case .render: throw ExitStatus.pluginError
        case .plan, .write: throw ExitStatus.writeError
        }
    }
}

/// The plan as data, for `--format json`.
struct PlanReport: Encodable {
    struct Entry: Encodable {
        var path: String
        var action: String
        var reason: String
    }

    var files: [Entry]
    var summary: String

    init(_ plan: GenerationPlan, only files: [PlannedFile]) {
        self.files = files.map { Entry(path: $0.path, action: $0.action.rawValue, reason: $0.reason) }
        self.summary = plan.summary
    }
}

extension PlannedFile {
    /// Generator-owned files that a generation would change: what `--check` reports.
    var isDrift: Bool {
        guard rendered?.owner != .user else { return false }
        return ![.unchanged, .skip].contains(action)
    }

    var line: String {
        "\(action.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(path)\(reason.isEmpty ? "" : "  (\(reason))")"
    }
}
