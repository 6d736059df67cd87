@testable import AuthGenCore
import Foundation
import Testing

@Suite(.serialized) struct PluginLinterTests {
    static let cases = Fixtures.folder.appendingPathComponent("lint")

    static func caseNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cases.path)) ?? []).filter { !$0.contains(".") }.sorted()
    }

    @Test("each fixture folder of Fixtures/lint gives exactly its .expected output and exit status 1", arguments: caseNames())
    func fixture(_ name: String) throws {
        let folder = Self.cases.appendingPathComponent(name)
        let expected = try String(contentsOf: Self.cases.appendingPathComponent("\(name).expected"), encoding: .utf8)
        let result = try AuthGenBinary.run(["lint"], in: folder, templates: folder)
        #expect(result.stdout == expected)
        #expect(result.status == (expected.contains(": error: ") ? 1 : 0), "warnings alone do not fail lint")
    }

    @Test("there is a fixture for every class of lint error and warning")
    func everyClassHasAFixture() {
        #expect(Self.caseNames() == [
            "bad-condition", "duplicate-output", "missing-partial", "missing-template", "needless-entries", "output-keys",
            "unbalanced-sections", "unknown-key", "unknown-option",
        ])
    }

    @Test("the built-in plugins lint clean")
    func builtInPluginsAreClean() throws {
        let report = PluginLinter.lint(folders: [Fixtures.repository.appendingPathComponent("Templates")])
        #expect(report.diagnostics.map(\.description) == [])
        #expect(report.pluginCount >= 3 && report.templateCount > 10)
        #expect(report.summary.hasSuffix("no errors"))
    }

    @Test("the test fixture plugins lint clean, and a --plugins folder's overrides are what is checked")
    func overridesAreChecked() throws {
        let clean = try AuthGenBinary.run(["lint", "--plugins", Fixtures.overrides.path], in: Fixtures.folder, templates: Fixtures.plugins)
        #expect(clean.status == 0)
        #expect(clean.stdout == "authgen lint: 2 plugin(s), 11 template(s): no errors\n")

        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("{{project.nam}}\n", to: "fixture/README.md.mustache")
        let broken = try AuthGenBinary.run(["lint", "--plugins", folder.url.path], in: folder.url, templates: Fixtures.plugins)
        #expect(broken.status == 1)
        #expect(broken.stdout == """
            fixture/README.md.mustache:1:1: error: '{{project.nam}}' names unknown context key 'project.nam'; did you mean 'project.name'?
            authgen lint: 2 plugin(s), 11 template(s): 1 error(s)

            """)
    }

    @Test("a plugin folder that cannot be read is reported with status 1")
    func unreadableFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = try AuthGenBinary.run(["lint", "--plugins", "missing"], in: folder.url, templates: Fixtures.plugins)
        #expect(result.status == 1)
        #expect(result.stdout.contains("error: plugin folder"))
        #expect(result.stdout.hasSuffix("authgen lint: 0 plugin(s), 0 template(s): 1 error(s)\n"))
    }

    @Test("`authgen context --reference` prints the reference; with a spec too it refuses")
    func contextReference() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = try AuthGenBinary.run(["context", "--reference"], in: folder.url)
        #expect(result.status == 0 && result.stdout == ContextSchema.markdownReference())
        let both = try AuthGenBinary.run(["context", "--reference", Fixtures.blogSpec.path], in: folder.url)
        #expect(both.status != 0 && both.stderr.contains("--reference takes no spec"))
        let neither = try AuthGenBinary.run(["context"], in: folder.url)
        #expect(neither.status != 0 && neither.stderr.contains("name a spec file, or pass --reference"))
    }
}
