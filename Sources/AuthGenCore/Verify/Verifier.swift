import Foundation

/// One line of the pipeline report.
package struct StageResult: Sendable, Equatable {
    package enum Status: String, Sendable { case passed, failed, skipped }

    package var stage: String
    package var status: Status
    package var seconds: Double
    /// What passed, or why it failed (with the failing tests, else the tail of its log).
    package var detail: String

    package init(stage: String, status: Status, seconds: Double, detail: String) {
        self.stage = stage
        self.status = status
        self.seconds = seconds
        self.detail = detail
    }

    package var line: String {
        let mark = switch status {
        case .passed: "ok  "
        case .failed: "FAIL"
        case .skipped: "skip"
        }
        return "\(mark) \(stage.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(format: "%6.1fs", seconds))  \(detail)"
    }
}

/// The verify stage: `swift build`, `swift test` and the plugin's smoke scenario in a generated project.
package struct Verifier: Sendable {
    package var projectDirectory: URL
    /// Passed to SwiftPM as `--scratch-path`; projects with the same dependencies can share one to compile them once.
    package var buildFolder: URL
    package var logFolder: URL
    package var timeout: TimeInterval
    /// Extra environment for the test run, e.g. `TEST_DATABASE_URL`.
    package var testEnvironment: [String: String]

    package init(projectDirectory: URL, buildFolder: URL? = nil, logFolder: URL, timeout: TimeInterval = 3600, testEnvironment: [String: String] = [:]) {
        self.projectDirectory = projectDirectory
        self.buildFolder = buildFolder ?? projectDirectory.appendingPathComponent(".build")
        self.logFolder = logFolder
        self.timeout = timeout
        self.testEnvironment = testEnvironment
    }

    package func build() -> StageResult {
        swiftPM("build", arguments: ["build", "--build-tests"], summary: "compiled with no errors")
    }

    package func test() -> StageResult {
        var result = swiftPM("test", arguments: ["test", "--skip-build"], environment: testEnvironment, summary: "")
        let log = logFolder.appendingPathComponent("test.log")
        if result.status == .passed {
            result.detail = TestSummary.read(from: log) ?? "tests passed"
        } else if let text = FileManager.default.contents(atPath: log.path).map({ String(decoding: $0, as: UTF8.self) }),
                  let failures = TestFailureReport.extract(from: text) {
            // The failing expectations instead of the log's tail.
            result.detail = result.detail.prefix { $0 != "\n" } + "\n" + failures
        }
        return result
    }

    package func smoke(_ scenario: SmokeScenario) async -> StageResult {
        let log = logFolder.appendingPathComponent("smoke.log")
        let started = Date()
        do {
            let passed = try await SmokeRunner.run(scenario, projectDirectory: projectDirectory, buildFolder: buildFolder, log: log)
            return StageResult(stage: "smoke", status: .passed, seconds: Date().timeIntervalSince(started), detail: passed.joined(separator: " → "))
        } catch {
            return StageResult(stage: "smoke", status: .failed, seconds: Date().timeIntervalSince(started),
                               detail: "\(error) (server log: \(DisplayPath.of(log.path)))")
        }
    }

    private func swiftPM(_ stage: String, arguments: [String], environment: [String: String] = [:], summary: String) -> StageResult {
        let log = logFolder.appendingPathComponent("\(stage).log")
        do {
            try FileManager.default.createDirectory(at: logFolder, withIntermediateDirectories: true)
            let outcome = try CommandRunner.run(
                ["swift"] + arguments + ["--scratch-path", buildFolder.path],
                in: projectDirectory, environment: environment, log: log, timeout: timeout
            )
            if outcome.succeeded {
                return StageResult(stage: stage, status: .passed, seconds: outcome.seconds, detail: summary)
            }
            let why = outcome.timedOut ? "timed out after \(Int(timeout))s" : "exit status \(outcome.status)"
            return StageResult(stage: stage, status: .failed, seconds: outcome.seconds,
                               detail: "swift \(arguments[0]) failed (\(why)); full log: \(DisplayPath.of(log.path))\n\(CommandRunner.tail(of: log))")
        } catch {
            return StageResult(stage: stage, status: .failed, seconds: 0, detail: "cannot run swift \(arguments[0]): \(error)")
        }
    }
}

/// Reads the closing lines of `swift test` (Swift Testing and XCTest) into one summary.
enum TestSummary {
    static func read(from log: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: log.path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let testing = lines.last { $0.contains("Test run with") && $0.contains("passed") }
        let xctest = lines.last { $0.contains("Executed") && $0.contains("tests") && !$0.contains("Executed 0 tests") }
        let parts = [testing, xctest].compactMap { $0.map { String($0).trimmingCharacters(in: .whitespaces) } }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
