import AuthGenCore
import Foundation
import Testing

/// `authgen validate` refuses what `generate` into the same folder would refuse: a spec change the migration history
/// of the earlier generation cannot follow.
@Suite(.serialized) struct ValidateHistoryCommandTests {
    @Test("a removed field: validate -o exits 2 at the spec's place, as generate would; --allow-destructive, or no earlier generation, passes")
    func removedField() throws {
        let (folder, spec) = try MigrationCommandTests.project()
        defer { folder.remove() }
        _ = try folder.write(spec.replacingOccurrences(of: "      content: {type: text, max_length: 10000}\n", with: ""), to: "blog.yaml")
        let templates = MigrationCommandTests.templates

        let refused = try AuthGenBinary.run(["validate", "blog.yaml", "-o", "out"], in: folder.url, templates: templates)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("blog.yaml:"))
        #expect(refused.stderr.contains("error: resource 'post', field 'content' was removed from the spec"))
        #expect(!refused.stdout.contains("valid"))
        let generated = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out", "--dry-run"], in: folder.url, templates: templates)
        #expect(generated.status == 2)

        let destructive = try AuthGenBinary.run(["validate", "blog.yaml", "-o", "out", "--allow-destructive"], in: folder.url, templates: templates)
        #expect(destructive.status == 0, "\(destructive.stderr)")
        // The default folder (Generated/blog-api) holds no earlier generation here: the spec alone is valid.
        let alone = try AuthGenBinary.run(["validate", "blog.yaml"], in: folder.url, templates: templates)
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(alone.stdout.contains("blog.yaml: valid"))
    }

    @Test("on_delete back from anonymize to cascade: validate -o refuses it at account.on_delete, as generate does")
    func backToCascade() throws {
        let (folder, spec) = try MigrationCommandTests.project()
        defer { folder.remove() }
        let cascade = spec.replacingOccurrences(of: "  on_delete: anonymize ", with: "  on_delete: cascade   ")
        #expect(cascade != spec)
        _ = try folder.write(cascade, to: "blog.yaml")
        let line = try #require(cascade.components(separatedBy: "\n").firstIndex { $0.contains("on_delete: cascade") }) + 1

        let refused = try AuthGenBinary.run(["validate", "blog.yaml", "-o", "out"], in: folder.url, templates: MigrationCommandTests.templates)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("blog.yaml:\(line):"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-destructive"))
    }
}
