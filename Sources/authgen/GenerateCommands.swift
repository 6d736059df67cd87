import ArgumentParser
import AuthGenCore
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a spec into a project folder, writing only what changed and never losing an edit.",
        discussion: """
            Each file gets one action: create, update, unchanged, keep (your edit stays), merge (your edit and the \
            generated change, merged), conflict (overlapping changes written between <<<<<<< yours / >>>>>>> generated \
            now markers; exit status 1), skip (user-owned, or deleted by you), delete (no longer generated, not edited), \
            orphan (no longer generated, edited: left in place). A run refuses to start while markers from an earlier \
            run are unresolved. Files the user owns (such as .env) are created once and never touched again; they are \
            not part of --check.
            """
    )

    @OptionGroup var target: GenerationOptions

    @Flag(help: "Print the plan (one line per file) and write nothing.")
    var dryRun = false

    @Flag(help: "Write nothing; exit 1 and list the files that would change (the drift check for CI).")
    var check = false

    @Flag(help: "With the plan or the report, print a unified diff of each file against the disk (never for secret files).")
    var diff = false

    @Option(name: .customLong("restore"), help: ArgumentHelp("Create again a generated file you deleted (relative to the output folder; repeatable).", valueName: "path"))
    var restore: [String] = []

    @Option(help: "text or json, for the plan of --dry-run and --check and the report of a run.")
    var format: OutputFormat = .text

    func run() throws {
        let generator = Generator(pluginFolders: try target.plugins.pluginFolders())
        let spec = try loadOrExit(target.spec, with: generator)
        let outputDirectory = URL(fileURLWithPath: target.output ?? "Generated/\(spec.project.name)")
        let restorePaths = Set(restore.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 })
        let outcome = try runGeneration(generator, spec: target.spec, outputDirectory: outputDirectory, force: target.force,
                                        restore: restorePaths, allowDestructive: target.allowDestructive, write: !dryRun && !check)
        let plan = outcome.plan

        if check {
            let drift = plan.files.filter { $0.isDrift }
            if format == .json {
                try Console.json(PlanReport(plan, files: drift, diffs: diff))
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
                try Console.json(PlanReport(plan, diffs: diff))
            } else {
                for file in plan.files { printLine(file) }
                Console.output(plan.summary)
            }
            return
        }
        let report = outcome.report ?? WriteReport(outputDirectory: outputDirectory)
        if format == .json {
            try Console.json(PlanReport(plan, diffs: diff, report: report))
        } else {
            for file in plan.files where file.action != .unchanged { printLine(file) }
            Console.error("\(DisplayPath.of(outputDirectory.path)): \(plan.summary); \(report.filesWritten) file(s) written"
                + (report.filesWritten == 0 && report.deleted.isEmpty ? "" : " (\(report.summary))"))
        }
        if !plan.conflicts.isEmpty {
            if format == .text {
                Console.error("\(plan.conflicts.count) conflict(s): resolve them (see the lines above), then run again")
            }
            throw ExitStatus.drift
        }
    }

    private func printLine(_ file: PlannedFile) {
        Console.output(file.line)
        if diff {
            let text = file.diff
            if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
        }
    }
}

/// Runs the stages up to planning (and writing), mapping each failure to its exit status.
func runGeneration(_ generator: Generator, spec: String, outputDirectory: URL, force: Bool, restore: Set<String> = [],
                   allowDestructive: Bool = false, write: Bool) throws -> Generator.Outcome {
    do {
        return try generator.generate(specPath: spec, outputDirectory: outputDirectory, force: force, restore: restore,
                                      allowDestructive: allowDestructive, write: write)
    } catch {
        Console.report(error.diagnostics)
        switch error.stage {
        case .spec: throw ExitStatus.invalidSpec
        case .render: throw ExitStatus.pluginError
        case .unresolvedConflicts:
            Console.error("error: \(DisplayPath.of(outputDirectory.path)) holds unresolved conflicts from an earlier generation; "
                + "resolve them, then run again (nothing was written)")
            throw ExitStatus.drift
        case .plan, .write: throw ExitStatus.writeError
        }
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
