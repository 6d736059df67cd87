import AuthGenCore
import Foundation
import Testing

/// `authgen generate` on a project the user edited, through the built binary and the fixture plugin.
@Suite(.serialized) struct RegenerationCommandTests {
    /// A generated project in `out/` from the fixture spec with `description`.
    static func project(description: String = "Says hello") throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        _ = try folder.write(Self.spec(description), to: "spec.yaml")
        let first = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(first.status == 0, "\(first.stderr)")
        return folder
    }

    static func spec(_ description: String) -> String {
        "version: 1\nproject:\n  name: fixture-app\n  description: \(description)\nserver:\n  framework: fixture\n"
    }

    @Test("--dry-run prints one line per file and a summary; --diff adds unified diffs, never for secret files; nothing written")
    func dryRunAndDiff() throws {
        let folder = try Self.project()
        defer { folder.remove() }
        let readme = try #require(folder.read("out/README.md"))
        _ = try folder.write(readme + "\nMy own notes.\n", to: "out/README.md")
        _ = try folder.write(Self.spec("Says goodbye"), to: "spec.yaml")
        let before = folder.read("out/.authgen/manifest.json")

        let plan = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--dry-run"], in: folder.url)
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("merge     README.md  (edited on disk and generated content changed: merged, your edits kept)"))
        #expect(plan.stdout.contains("update    Sources/Server/main.swift"))
        #expect(plan.stdout.contains("skip      .env"))
        #expect(plan.stdout.hasSuffix("1 update, 1 merge, 4 unchanged, 1 skip\n"))
        #expect(!plan.stdout.contains("--- a/"))

        let diff = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--dry-run", "--diff"], in: folder.url)
        #expect(diff.stdout.contains("--- a/README.md\n+++ b/README.md\n"))
        #expect(diff.stdout.contains("-Says hello\n+Says goodbye\n"))
        #expect(!diff.stdout.contains("SECRET_KEY"))
        #expect(folder.read("out/README.md") == readme + "\nMy own notes.\n")
        #expect(folder.read("out/.authgen/manifest.json") == before)

        let json = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--dry-run", "--diff", "--format", "json"], in: folder.url)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let entry = try #require(files.first { $0["path"] as? String == "README.md" })
        #expect(entry["action"] as? String == "merge")
        #expect((entry["diff"] as? String)?.contains("+Says goodbye") == true)
        #expect((report["counts"] as? [String: Int])?["merge"] == 1)
        #expect(report["summary"] as? String == "1 update, 1 merge, 4 unchanged, 1 skip")
        #expect(files.allSatisfy { $0["path"] as? String != ".env" || $0["diff"] == nil })

        // The real run reports exactly what it did, and keeps the edit.
        let run = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.stderr.contains("2 file(s) written (1 updated, 1 merged)"))
        let merged = try #require(folder.read("out/README.md"))
        #expect(merged.contains("Says goodbye") && merged.hasSuffix("My own notes.\n"))
    }

    @Test("overlapping edits: markers written, exit 1; the next run refuses naming file and line and writes nothing")
    func conflictThenRefusal() throws {
        let folder = try Self.project()
        defer { folder.remove() }
        let readme = try #require(folder.read("out/README.md"))
        _ = try folder.write(readme.replacingOccurrences(of: "Says hello", with: "Says hello, mine"), to: "out/README.md")
        _ = try folder.write(Self.spec("Says hi"), to: "spec.yaml")
        let run = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout.contains("conflict  README.md"))
        let text = try #require(folder.read("out/README.md"))
        #expect(text.contains("<<<<<<< yours\nSays hello, mine\n||||||| generated before\nSays hello\n=======\nSays hi\n>>>>>>> generated now\n"))

        _ = try folder.write(Self.spec("Says hi again"), to: "spec.yaml")
        let main = folder.read("out/Sources/Server/main.swift")
        for arguments in [["generate", "spec.yaml", "-o", "out"], ["generate", "spec.yaml", "-o", "out", "--dry-run"]] {
            let refused = try AuthGenBinary.run(arguments, in: folder.url)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("out/README.md:3:1: error: unresolved conflict"))
            #expect(refused.stderr.contains("nothing was written"))
        }
        #expect(folder.read("out/Sources/Server/main.swift") == main)

        // Resolved by hand (against the rendering the conflict was written for): the resolution is kept.
        _ = try folder.write(Self.spec("Says hi"), to: "spec.yaml")
        _ = try folder.write(readme.replacingOccurrences(of: "Says hello", with: "Says hi, and mine"), to: "out/README.md")
        let resolved = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(resolved.stdout.contains("keep      README.md"))
        #expect(folder.read("out/README.md")?.contains("Says hi, and mine") == true)
    }

    @Test("a generated file the user deleted stays deleted; --restore brings it back")
    func restore() throws {
        let folder = try Self.project()
        defer { folder.remove() }
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("out/Tests/ServerTests/ServerTests.swift"))
        let run = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.stdout.contains("skip      Tests/ServerTests/ServerTests.swift  (deleted by you; `--restore Tests/ServerTests/ServerTests.swift` brings it back)"))
        #expect(folder.read("out/Tests/ServerTests/ServerTests.swift") == nil)
        #expect(folder.read("out/.authgen/manifest.json")?.contains("\"deleted\": true") == true)
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url).status == 0)

        let restored = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--restore", "Tests/ServerTests/ServerTests.swift"], in: folder.url)
        #expect(restored.status == 0)
        #expect(restored.stdout.contains("create    Tests/ServerTests/ServerTests.swift  (deleted by you: created again (--restore))"))
        #expect(folder.read("out/Tests/ServerTests/ServerTests.swift") != nil)

        let unknown = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--restore", "nope.swift"], in: folder.url)
        #expect(unknown.status == 4 && unknown.stderr.contains("--restore 'nope.swift'"))
    }

    @Test("--check leaves an edited or deleted file alone; --check --exact (the committed examples' check) counts it as drift")
    func exactCheck() throws {
        let folder = try Self.project()
        defer { folder.remove() }
        let check = ["generate", "spec.yaml", "-o", "out", "--check"]
        #expect(try AuthGenBinary.run(check + ["--exact"], in: folder.url).status == 0)

        let readme = try #require(folder.read("out/README.md"))
        _ = try folder.write(readme + "\nEdited by hand.\n", to: "out/README.md")
        #expect(try AuthGenBinary.run(check, in: folder.url).status == 0)
        let edited = try AuthGenBinary.run(check + ["--exact"], in: folder.url)
        #expect(edited.status == 1)
        #expect(edited.stdout.contains("keep      README.md"))
        #expect(edited.stderr.contains("1 file(s) in out differ from what spec.yaml generates"))

        _ = try folder.write(readme, to: "out/README.md")
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("out/Tests/ServerTests/ServerTests.swift"))
        let deleted = try AuthGenBinary.run(check + ["--exact"], in: folder.url)
        #expect(deleted.status == 1)
        #expect(deleted.stdout.contains("Tests/ServerTests/ServerTests.swift"))

        let alone = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--exact"], in: folder.url)
        #expect(alone.status != 0 && alone.stderr.contains("--exact applies only to --check"))
    }

    @Test("a real run with --format json reports the plan and exactly what was applied")
    func jsonReport() throws {
        let folder = try Self.project()
        defer { folder.remove() }
        _ = try folder.write(Self.spec("Says goodbye"), to: "spec.yaml")
        let run = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--format", "json"], in: folder.url)
        #expect(run.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let applied = try #require(report["applied"] as? [String: Any])
        let written = try #require(applied["written"] as? [String: [String]])
        #expect(Set(written["update"] ?? []) == ["README.md", "Sources/Server/main.swift"])
        #expect(applied["manifestWritten"] as? Bool == true)
    }
}
