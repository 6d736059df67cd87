/// What a failed `swift test` run says about its failures, read from its log: the expectations that failed (the `✘`
/// lines with `recorded an issue at File.swift:line:column: …` of Swift Testing, with the `↳` lines that follow them),
/// XCTest's `error:` lines and fatal errors, then the run's closing `✘ Test run with …` line; never the build chatter.
enum TestFailureReport {
    /// At most this many failure lines; the rest are counted.
    static let limit = 30

    /// The report, or nil when the log holds no failure line (e.g. a crash before the first test): the caller then
    /// shows the log's tail.
    static func extract(from log: String, limit: Int = limit) -> String? {
        var failures: [String] = []
        var summary: String?
        var followsIssue = false
        for rawLine in log.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine).trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("✘"), line.contains(" recorded an issue") {
                failures.append(line)
                followsIssue = true
            } else if followsIssue, line.hasPrefix("↳") {
                failures.append("  " + line)
            } else {
                followsIssue = false
                if line.hasPrefix("✘ Test run with") {
                    summary = line
                } else if line.contains(": error: ") && line.contains("XCT") || line.hasPrefix("Fatal error:") || line.contains(": Fatal error:") {
                    failures.append(line)
                }
            }
        }
        guard !failures.isEmpty else { return nil }
        var lines = Array(failures.prefix(limit))
        if failures.count > limit { lines.append("… \(failures.count - limit) more line(s) in the log") }
        if let summary { lines.append(summary) }
        return lines.joined(separator: "\n")
    }
}
