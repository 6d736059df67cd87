@testable import AuthGenCore
import Foundation
import Testing

@Suite("pipeline: the test stage's failure report")
struct TestFailureReportTests {
    /// The log of a real `swift test --filter PasswordChangeTests` run of Generated/hello-auth in which two
    /// expectations of PasswordChangeTests.swift were broken on purpose (lines 36 and 39).
    private func capturedLog() throws -> String {
        try String(contentsOf: Fixtures.folder.appendingPathComponent("test-output/swift-testing-failure.log"), encoding: .utf8)
    }

    @Test("a real Swift Testing failure: the failing expectations with file:line and their text, then the run's summary")
    func realFailure() throws {
        let report = try #require(TestFailureReport.extract(from: try capturedLog()))
        #expect(report == """
            ✘ Test changeKeepsThisLoginAndEndsEveryOther(database:) recorded an issue with 1 argument database → SQLite at PasswordChangeTests.swift:36:13: Expectation failed: (response.status → 200 OK) == (.created → 201 Created)
            ✘ Test changeKeepsThisLoginAndEndsEveryOther(database:) recorded an issue with 1 argument database → SQLite at PasswordChangeTests.swift:39:13: Expectation failed: try await client.login("vera").status == .ok
            ✘ Test run with 6 tests in 1 suite failed after 0.188 seconds with 2 issues.
            """)
        // The log's tail, shown before, has neither expectation: the server's log lines and the passes come after them.
        let tail = CommandRunner.tail(of: Fixtures.folder.appendingPathComponent("test-output/swift-testing-failure.log"), lines: 12)
        #expect(!tail.contains("PasswordChangeTests.swift:36:13") && !tail.contains("PasswordChangeTests.swift:39:13"))
    }

    @Test("an issue's ↳ lines (comments, arguments) stay with it; the run's own ↳ header lines do not")
    func detailLines() {
        let log = """
            ◇ Test run started.
            ↳ Testing Library Version: 6.3.1
            ✘ Test a() recorded an issue at ATests.swift:4:9: Expectation failed: (x → 1) == 2
            ↳ the counter starts at 2
            ✔ Test b() passed after 0.1 seconds.
            ↳ not about a failure
            ✘ Test a() failed after 0.1 seconds with 1 issue.
            ✘ Test run with 2 tests failed after 0.2 seconds with 1 issue.
            """
        #expect(TestFailureReport.extract(from: log) == """
            ✘ Test a() recorded an issue at ATests.swift:4:9: Expectation failed: (x → 1) == 2
              ↳ the counter starts at 2
            ✘ Test run with 2 tests failed after 0.2 seconds with 1 issue.
            """)
    }

    @Test("XCTest failures and fatal errors count; many failures are cut and counted")
    func otherFailuresAndTheLimit() {
        let xctest = "/p/Tests/AppTests/OldTests.swift:12: error: -[AppTests.OldTests testA] : XCTAssertEqual failed: (\"1\") is not equal to (\"2\")"
        #expect(TestFailureReport.extract(from: "Test Suite 'All tests' started\n\(xctest)\n") == xctest)
        #expect(TestFailureReport.extract(from: "Fatal error: Index out of range\n") == "Fatal error: Index out of range")
        let many = (1...5).map { "✘ Test t\($0)() recorded an issue at T.swift:\($0):1: Expectation failed: false" }.joined(separator: "\n")
        #expect(TestFailureReport.extract(from: many, limit: 3)?.components(separatedBy: "\n") == [
            "✘ Test t1() recorded an issue at T.swift:1:1: Expectation failed: false",
            "✘ Test t2() recorded an issue at T.swift:2:1: Expectation failed: false",
            "✘ Test t3() recorded an issue at T.swift:3:1: Expectation failed: false",
            "… 2 more line(s) in the log",
        ])
    }

    @Test("no failure line (a crash before the first test, a build error): nil, so the log's tail is shown")
    func nothingToShow() {
        #expect(TestFailureReport.extract(from: "error: fatalError\nerror: exited with signal 4\n") == nil)
        #expect(TestFailureReport.extract(from: "") == nil)
    }
}
