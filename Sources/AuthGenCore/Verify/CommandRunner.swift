import Foundation

/// Runs a child process with its output sent to a log file, so a long build never floods the terminal.
package enum CommandRunner {
    package struct Outcome: Sendable {
        package var status: Int32
        package var seconds: Double
        package var timedOut: Bool
        package var succeeded: Bool { status == 0 && !timedOut }
    }

    package static func run(
        _ arguments: [String], in directory: URL, environment: [String: String] = [:],
        log: URL, timeout: TimeInterval
    ) throws -> Outcome {
        let started = Date()
        let child = try start(arguments, in: directory, environment: environment, log: log)
        while child.isRunning {
            if Date().timeIntervalSince(started) > timeout {
                child.stop()
                return Outcome(status: -1, seconds: Date().timeIntervalSince(started), timedOut: true)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return Outcome(status: child.status ?? -1, seconds: Date().timeIntervalSince(started), timedOut: false)
    }

    /// Starts `arguments` (the first resolved through PATH) with the current environment plus `environment`,
    /// its output written to a fresh `log`.
    package static func start(_ arguments: [String], in directory: URL, environment: [String: String], log: URL) throws -> ChildProcess {
        guard let executable = arguments.first else { throw ChildProcess.SpawnError(description: "no command to run") }
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: log.path])
        }
        let fullEnvironment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        return try ChildProcess(executable, arguments: Array(arguments.dropFirst()), in: directory, environment: fullEnvironment, log: log)
    }

    /// The last lines of a log, for a failure report.
    package static func tail(of log: URL, lines: Int = 25) -> String {
        guard let data = FileManager.default.contents(atPath: log.path), let text = String(data: data, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
