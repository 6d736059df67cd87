import AuthGenCore
import Foundation
import Testing

/// `authgen generate` with the real hummingbird plugin, when the spec's resources change: the database follows.
@Suite(.serialized) struct MigrationCommandTests {
    static let templates = Fixtures.repository.appendingPathComponent("Templates")
    static let published = "      published: {type: bool, default: false}\n"

    /// A folder with `blog.yaml` (Examples/blog.yaml) generated into `out/`.
    static func project() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        let spec = try String(contentsOf: Fixtures.blogSpec, encoding: .utf8)
        _ = try folder.write(spec, to: "blog.yaml")
        let first = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out"], in: folder.url, templates: templates)
        #expect(first.status == 0, "\(first.stderr)")
        return (folder, spec)
    }

    @Test("a new field: a new migration file, the old one untouched; --dry-run writes no history")
    func addField() throws {
        let (folder, spec) = try Self.project()
        defer { folder.remove() }
        let oldMigration = folder.read("out/Sources/App/Persistence/Migration+Posts.swift")
        let manifest = try #require(folder.read("out/.authgen/manifest.json"))
        #expect(manifest.contains("\"name\": \"create_posts\""))
        _ = try folder.write(spec.replacingOccurrences(of: Self.published, with: Self.published + "      summary: {type: text, optional: true}\n"), to: "blog.yaml")

        let dryRun = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out", "--dry-run"], in: folder.url, templates: Self.templates)
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout.contains("create    Sources/App/Persistence/Migration+AddSummaryToPosts.swift"))
        #expect(folder.read("out/.authgen/manifest.json") == manifest)

        let run = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out"], in: folder.url, templates: Self.templates)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(folder.read("out/Sources/App/Persistence/Migration+Posts.swift") == oldMigration)
        #expect(folder.read("out/Sources/App/Persistence/Migration+AddSummaryToPosts.swift")?.contains(#""ALTER TABLE \"posts\" ADD COLUMN \"summary\" TEXT","#) == true)
        #expect(folder.read("out/Sources/App/Persistence/Migrations.swift")?.contains("        .createPosts,\n        .addSummaryToPosts,\n") == true)
        #expect(folder.read("out/.authgen/manifest.json")?.contains("\"name\": \"add_summary_to_posts\"") == true)

        // Running again changes nothing: the history is not appended twice.
        let again = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out", "--check"], in: folder.url, templates: Self.templates)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
    }

    @Test("a removed field: exit 2 naming the spec and the field, nothing written; --allow-destructive drops the column")
    func removeField() throws {
        let (folder, spec) = try Self.project()
        defer { folder.remove() }
        let manifest = try #require(folder.read("out/.authgen/manifest.json"))
        _ = try folder.write(spec.replacingOccurrences(of: "      content: {type: text, max_length: 10000}\n", with: ""), to: "blog.yaml")

        let refused = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out"], in: folder.url, templates: Self.templates)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("blog.yaml:"))
        #expect(refused.stderr.contains("error: resource 'post', field 'content' was removed from the spec"))
        #expect(refused.stderr.contains("--allow-destructive"))
        #expect(folder.read("out/.authgen/manifest.json") == manifest)
        #expect(folder.read("out/Sources/App/Models/Post.swift")?.contains("content") == true)

        let allowed = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out", "--allow-destructive"], in: folder.url, templates: Self.templates)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(folder.read("out/Sources/App/Persistence/Migration+DropContentFromPosts.swift")?.contains(#""ALTER TABLE \"posts\" DROP COLUMN \"content\"","#) == true)
        #expect(folder.read("out/.authgen/manifest.json")?.contains("\"name\": \"drop_content_from_posts\"") == true)
    }

    @Test("issue 16 point 10: with the manifest deleted, a new field never rewrites the applied create migration")
    func lostHistory() throws {
        let (folder, spec) = try Self.project()
        defer { folder.remove() }
        let oldMigration = folder.read("out/Sources/App/Persistence/Migration+Posts.swift")
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("out/.authgen/manifest.json"))
        _ = try folder.write(spec.replacingOccurrences(of: Self.published, with: Self.published + "      summary: {type: text, optional: true}\n"), to: "blog.yaml")

        let refused = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out", "--into-existing"], in: folder.url, templates: Self.templates)
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("no migration history"))
        #expect(refused.stderr.contains("'Sources/App/Persistence/Migration+Posts.swift'"))
        #expect(refused.stderr.contains("git checkout -- .authgen/manifest.json"))
        #expect(folder.read("out/Sources/App/Persistence/Migration+Posts.swift") == oldMigration)
        #expect(folder.read("out/.authgen/manifest.json") == nil)

        // With the spec the migrations were generated from, the history is read back from the disk, and the new
        // field then gets its own migration.
        _ = try folder.write(spec, to: "blog.yaml")
        let rebuilt = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out", "--into-existing"], in: folder.url, templates: Self.templates)
        #expect(rebuilt.status == 0, "\(rebuilt.stdout)\(rebuilt.stderr)")
        #expect(folder.read("out/.authgen/manifest.json")?.contains("\"name\": \"create_posts\"") == true)
        _ = try folder.write(spec.replacingOccurrences(of: Self.published, with: Self.published + "      summary: {type: text, optional: true}\n"), to: "blog.yaml")
        let added = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out"], in: folder.url, templates: Self.templates)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(folder.read("out/Sources/App/Persistence/Migration+Posts.swift") == oldMigration)
        #expect(folder.read("out/Sources/App/Persistence/Migration+AddSummaryToPosts.swift") != nil)
    }

    @Test("a required field without a default: exit 2 with the fix")
    func requiredField() throws {
        let (folder, spec) = try Self.project()
        defer { folder.remove() }
        _ = try folder.write(spec.replacingOccurrences(of: Self.published, with: Self.published + "      rating: {type: int}\n"), to: "blog.yaml")
        let refused = try AuthGenBinary.run(["generate", "blog.yaml", "-o", "out"], in: folder.url, templates: Self.templates)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("blog.yaml:52:7: error: resource 'post', field 'rating'"))
        #expect(refused.stderr.contains("give it a default"))
    }
}
