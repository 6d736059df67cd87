import ArgumentParser
import AuthGenCore
import Foundation

struct Pipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate, then build, test and smoke-run the output; one line per stage.",
        discussion: "Set TEST_DATABASE_URL to run the generated tests on PostgreSQL as well as SQLite."
    )

    @OptionGroup var target: GenerationOptions

    @Option(help: ArgumentHelp("SwiftPM build folder (--scratch-path) for the output; projects can share one to compile dependencies once.", valueName: "dir"))
    var buildPath: String?

    func run() async throws {
        let generator = Generator(pluginFolders: try target.plugins.pluginFolders())
        let spec = try loadOrExit(target.spec, with: generator)
        let outputDirectory = URL(fileURLWithPath: target.output ?? "Generated/\(spec.project.name)").standardizedFileURL

        let started = Date()
        let outcome = try runGeneration(generator, spec: target.spec, outputDirectory: outputDirectory, forced: target.forcedPaths,
                                        intoExisting: target.intoExisting, allowDestructive: target.allowDestructive, write: true)
        let generated = StageResult(
            stage: "generate", status: !outcome.plan.conflicts.isEmpty ? .failed : .passed, seconds: Date().timeIntervalSince(started),
            detail: "\(outcome.plan.summary); \(outcome.report?.filesWritten ?? 0) written to \(DisplayPath.of(outputDirectory.path))"
        )
        Console.output(generated.line)
        if generated.status == .failed { throw ExitStatus.drift }

        let smoke: SmokeScenario?
        do {
            smoke = try generator.smokeScenario(for: spec)
        } catch {
            Console.report(error.diagnostics)
            throw ExitStatus.pluginError
        }

        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("authgen-pipeline-\(spec.project.name)-\(ProcessInfo.processInfo.processIdentifier)")
        var testEnvironment: [String: String] = [:]
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty { testEnvironment["TEST_DATABASE_URL"] = url }
        let verifier = Verifier(
            projectDirectory: outputDirectory,
            buildFolder: buildPath.map { URL(fileURLWithPath: $0).standardizedFileURL },
            logFolder: logs,
            testEnvironment: testEnvironment
        )

        Console.error("building \(DisplayPath.of(outputDirectory.path)) (log: \(logs.path)/build.log)")
        try report(verifier.build(), failing: ExitStatus.buildFailed)
        Console.error("testing\(testEnvironment.isEmpty ? " on SQLite" : " on SQLite and PostgreSQL") (log: \(logs.path)/test.log)")
        try report(verifier.test(), failing: ExitStatus.testsFailed)
        if let smoke {
            try report(await verifier.smoke(smoke), failing: ExitStatus.smokeFailed)
        } else {
            Console.output(StageResult(stage: "smoke", status: .skipped, seconds: 0, detail: "the plugins define no smoke scenario").line)
        }
        // Logs are kept only when a stage fails, for the failure report to point at.
        try? FileManager.default.removeItem(at: logs)
    }

    private func report(_ result: StageResult, failing status: ExitCode) throws {
        Console.output(result.line)
        if result.status == .failed { throw status }
    }
}
