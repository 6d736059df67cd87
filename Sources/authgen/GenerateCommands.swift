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
            run are unresolved. A conflict without a base copy is settled by a hand merge: taken automatically once the file \
            holds every line of the new rendering, or with --accept PATH; --force PATH overwrites one file (saved first \
            as PATH.authgen-old). Files the user owns (such as .env) are created once and never touched again (a missing \
            secret file is created again); they are not part of --check, which fails only when generate would write.
            """
    )

    @OptionGroup var target: GenerationOptions

    @Flag(help: "Print the plan (one line per file) and write nothing.")
    var dryRun = false

    @Flag(help: "Write nothing; exit 1 and list the files that would change (the drift check for CI).")
    var check = false

    @Flag(help: "With --check: a file edited or deleted by hand, or left over, counts as drift too (for output that must be exactly what the spec generates, such as committed examples).")
    var exact = false

    @Flag(help: "With the plan or the report, print a unified diff of each file against the disk (never for secret files).")
    var diff = false

    @Option(name: .customLong("restore"), help: ArgumentHelp("Create again a generated file you deleted (relative to the output folder; repeatable).", valueName: "path"))
    var restore: [String] = []

    @Option(name: .customLong("accept"), help: ArgumentHelp("Take your version of a file in conflict as merged by hand: it stays, and later changes merge against this generation (refused while it holds conflict markers; repeatable).", valueName: "path"))
    var accept: [String] = []

    @Option(help: "text or json, for the plan of --dry-run and --check and the report of a run.")
    var format: OutputFormat = .text

    func validate() throws {
        if exact && !check { throw ValidationError("--exact applies only to --check; add --check") }
    }

    func run() throws {
        let generator = Generator(pluginFolders: try target.plugins.pluginFolders())
        let spec = try loadOrExit(target.spec, with: generator)
        let outputDirectory = URL(fileURLWithPath: target.output ?? "Generated/\(spec.project.name)")
        let outcome = try runGeneration(generator, spec: target.spec, outputDirectory: outputDirectory, forced: target.forcedPaths,
                                        restore: Set(restore.map(relativeOutputPath)), accept: Set(accept.map(relativeOutputPath)),
                                        intoExisting: target.intoExisting, allowDestructive: target.allowDestructive,
                                        write: !dryRun && !check)
        let plan = outcome.plan

        if check {
            // One question: would `generate` write anything? Kept edits and orphans are reported, not drift.
            let drift = plan.files.filter { $0.isDrift }
            var kept = plan.files.filter { $0.rendered?.owner != .user && [.keep, .orphan].contains($0.action) }
            // --exact: what generate leaves alone (an edit, a deleted file, a leftover) is drift as well.
            let departures = exact ? plan.files.filter { $0.isLeftAsEdited } : []
            if exact { kept = [] }
            let driftCount = drift.count + departures.count + plan.staleTemporaryFiles.count
            if format == .json {
                try Console.json(PlanReport(plan, files: drift + departures + kept, diffs: diff))
            } else {
                for file in drift { Console.output("\(file.action.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(file.path)") }
                for path in plan.staleTemporaryFiles { Console.output("remove    \(path)") }
                for file in departures { Console.output(file.line) }
                for file in kept { Console.error("note: \(file.line)") }
                Console.error(driftCount == 0
                    ? "\(DisplayPath.of(outputDirectory.path)) is up to date with \(target.spec)"
                        + (kept.isEmpty ? "" : " (\(kept.count) edited or orphaned file(s) of yours kept as they are)")
                    : "\(driftCount) file(s) in \(DisplayPath.of(outputDirectory.path)) differ from what \(target.spec) generates; run: \(regenerateCommand)"
                        + (departures.isEmpty ? "" : " (after putting back or deleting the files above that generate leaves alone; `--restore <path>` creates a deleted one again)"))
            }
            if driftCount > 0 { throw ExitStatus.drift }
            return
        }
        if dryRun {
            if format == .json {
                try Console.json(PlanReport(plan, diffs: diff))
            } else {
                for file in plan.files { printLine(file) }
                printTemporaryFiles(plan)
                Console.output(plan.summary)
            }
            return
        }
        let report = outcome.report ?? WriteReport(outputDirectory: outputDirectory)
        if format == .json {
            try Console.json(PlanReport(plan, diffs: diff, report: report))
        } else {
            for file in plan.files where file.action != .unchanged { printLine(file) }
            printTemporaryFiles(plan)
            Console.error("\(DisplayPath.of(outputDirectory.path)): \(plan.summary); \(report.filesWritten) file(s) written"
                + (report.summary == "nothing written" ? "" : " (\(report.summary))"))
        }
        if !plan.conflicts.isEmpty {
            if format == .text {
                Console.error("\(plan.conflicts.count) conflict(s): resolve them (see the lines above), then run again")
            }
            throw ExitStatus.drift
        }
    }

    /// The command that brings the output up to date: this one without `--check`, with the same spec, output folder and
    /// plugin folders (a plugin folder changes what is generated).
    private var regenerateCommand: String {
        (["authgen", "generate", target.spec] + (target.output.map { ["-o", $0] } ?? [])
            + target.plugins.folders.flatMap { ["--plugins", $0] }).map(shellQuoted).joined(separator: " ")
    }

    private func printTemporaryFiles(_ plan: GenerationPlan) {
        for path in plan.staleTemporaryFiles {
            Console.output("remove    \(path)  (temporary file left by an interrupted run: removed)")
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
func runGeneration(_ generator: Generator, spec: String, outputDirectory: URL, forced: Set<String>,
                   restore: Set<String> = [], accept: Set<String> = [], intoExisting: Bool = false,
                   allowDestructive: Bool = false, write: Bool) throws -> Generator.Outcome {
    do {
        return try generator.generate(specPath: spec, outputDirectory: outputDirectory, restore: restore, forced: forced,
                                      accept: accept, intoExisting: intoExisting, allowDestructive: allowDestructive,
                                      write: write)
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

/// A path as the user typed it (`./a/b`, `a/b/`), as the plan prints it (`a/b`); `.` stays `.`.
func relativeOutputPath(_ path: String) -> String {
    var path = path
    while path.hasPrefix("./") { path.removeFirst(2) }
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    return path.isEmpty ? "." : path
}

extension PlannedFile {
    /// Generator-owned files that a generation would write or delete, or that are in conflict: what `--check` reports.
    /// A kept edit or an orphan left in place is not drift: `generate` would not touch it.
    var isDrift: Bool {
        guard rendered?.owner != .user, previous?.owner != .user || rendered != nil else { return false }
        return changesDisk || action == .conflict
    }

    /// A generator-owned file that `generate` leaves as it is although it is not what the spec generates: edited, deleted
    /// or left over.
    var isLeftAsEdited: Bool {
        guard rendered?.owner != .user, previous?.owner != .user || rendered != nil else { return false }
        return [.keep, .orphan].contains(action) || (action == .skip && !existedOnDisk)
    }

    var line: String {
        "\(action.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(path)\(reason.isEmpty ? "" : "  (\(reason))")"
    }
}

/// `word` as a POSIX shell reads it back: unchanged when it holds only safe characters, else in single quotes.
func shellQuoted(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,")
    if !word.isEmpty, word.allSatisfy(safe.contains) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
