import Foundation
import Testing

@Suite("pipeline: a failing generated test")
struct PipelineTestFailureCommandTests {
    @Test("the test stage fails with status 6 and prints the failing expectation with its file:line, not the log's tail")
    func theFailingExpectationIsShown() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(), to: "spec.yaml")
        _ = try folder.write("""
            import Testing

            @Test func projectNameIsRendered() {
                let name = "{{project.name}}"
                #expect(name == "another-app")
            }

            """, to: "overrides/fixture/Tests/ServerTests/ServerTests.swift.mustache")
        let result = try AuthGenBinary.run(["pipeline", "spec.yaml", "-o", "out", "--plugins", "overrides"], in: folder.url)
        #expect(result.status == 6, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("FAIL test"))
        #expect(result.stdout.contains(
            "✘ Test projectNameIsRendered() recorded an issue at ServerTests.swift:5:5: Expectation failed: (name → \"fixture-app\") == \"another-app\""),
            "\(result.stdout)")
        #expect(result.stdout.contains("✘ Test run with 1 test"))
        #expect(!result.stdout.contains("◇ Test run started"), "the log's tail is not shown")
        #expect(!result.stdout.contains("smoke"))
    }
}
