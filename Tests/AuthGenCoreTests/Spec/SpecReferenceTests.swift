@testable import AuthGenCore
import Foundation
import Testing

@Suite("README.md: the spec reference")
struct SpecReferenceTests {
    private func readme() throws -> String {
        try String(contentsOf: Fixtures.repository.appendingPathComponent("README.md"), encoding: .utf8)
    }

    @Test("every key of the spec key table has its row in README.md")
    func everyKeyIsInTheReadme() throws {
        let text = try readme()
        let missing = SpecReference.paths().filter { !text.contains("| `\($0)` |") }
        #expect(missing.isEmpty, "README.md's spec table lacks \(missing): run `make spec-reference`")
        // The keys the hand-written table had missed.
        for path in ["auth.lockout", "auth.lockout.after", "auth.lockout.for", "server.trusted_proxies", "server.max_body_size"] {
            #expect(SpecReference.paths().contains(path))
        }
    }

    @Test("README.md holds exactly what `authgen schema --reference` prints between its markers")
    func readmeHoldsTheReference() throws {
        let text = try readme()
        let expected = try #require(SpecReference.replacing(in: text, with: SpecReference.markdown()),
                                    "README.md lacks the \(SpecReference.begin) / \(SpecReference.end) markers")
        #expect(text == expected, "README.md's spec reference is out of date: run `make spec-reference`")
    }

    @Test("a row per key: type, default and meaning from the table")
    func rows() {
        let reference = SpecReference.markdown()
        #expect(reference.contains("| `auth.lockout` | `off`, or a mapping (keys below) |  | Account lockout per username"))
        #expect(reference.contains("| `auth.lockout.after` | integer, 1 to 1000 | `10` | Consecutive failed logins"))
        #expect(reference.contains("| `server.max_body_size` | size: a number and `B`, `KB` or `MB` | `1MB` | "))
        #expect(reference.contains("| `resources[].fields.<name>.type` | one of `string`, `text`, `int`, `double`, `bool`, `date` | (required) | "))
        #expect(reference.contains("| `project.description` | string | `\"\"` | "))
        #expect(reference.contains("Default: data/\\<project name>.sqlite."), "a '<' would start an HTML tag")
        let rows = reference.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == SpecReference.paths().count)
    }

    @Test("`authgen schema --reference` prints the reference")
    func command() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = try AuthGenBinary.run(["schema", "--reference"], in: folder.url)
        #expect(result.status == 0 && result.stdout == SpecReference.markdown())
    }
}
