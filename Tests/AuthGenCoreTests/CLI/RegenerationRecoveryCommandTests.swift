@testable import AuthGenCore
import Foundation
import Testing

/// Issue 16, points 9 to 17: `authgen generate` through the built binary, on projects that used to get stuck.
@Suite(.serialized) struct RegenerationRecoveryCommandTests {
    typealias Project = RegenerationCommandTests

    /// The README of the fixture project edited by hand, its base copy gone (as in a project of an older authgen),
    /// and the spec's description changed: a conflict that cannot be merged.
    static func conflictWithoutBase() throws -> (TemporaryFolder, String) {
        let folder = try Project.project()
        let readme = try #require(folder.read("out/README.md"))
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("out/.authgen/base/README.md"))
        _ = try folder.write(readme + "\nMy own notes.\n", to: "out/README.md")
        _ = try folder.write(Project.spec("Says goodbye"), to: "spec.yaml")
        return (folder, readme)
    }

    @Test("point 13: --dry-run --diff shows the new rendering against the disk for a conflict that is not written, in text and JSON")
    func diffOfUnwrittenConflict() throws {
        let (folder, _) = try Self.conflictWithoutBase()
        defer { folder.remove() }
        let text = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--dry-run", "--diff"], in: folder.url)
        #expect(text.stdout.contains("conflict  README.md"))
        #expect(text.stdout.contains("--- a/README.md\n+++ b/README.md\n"))
        #expect(text.stdout.contains("-Says hello\n+Says goodbye\n"))
        #expect(text.stdout.contains("-My own notes.\n"))
        let json = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--dry-run", "--diff", "--format", "json"], in: folder.url)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let entry = try #require(files.first { $0["path"] as? String == "README.md" })
        #expect(entry["action"] as? String == "conflict")
        #expect((entry["diff"] as? String)?.contains("+Says goodbye") == true)
    }

    @Test("point 9: a conflict without a base copy is cleared by a hand merge and --accept, or by --force PATH (saved first)")
    func acceptAndForcePerPath() throws {
        let (folder, readme) = try Self.conflictWithoutBase()
        defer { folder.remove() }
        let main = try #require(folder.read("out/Sources/Server/main.swift"))
        _ = try folder.write(main + "// my edit\n", to: "out/Sources/Server/main.swift")
        let stuck = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(stuck.status == 1)
        #expect(stuck.stdout.contains("conflict  README.md") && stuck.stdout.contains("--accept README.md"))

        // A partial hand merge (the new description, the notes dropped… and a generated line removed), then --accept.
        let merged = readme.replacingOccurrences(of: "Says hello", with: "Says goodbye, as we say")
        _ = try folder.write(merged, to: "out/README.md")
        let accepted = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--accept", "README.md"], in: folder.url)
        #expect(accepted.status == 0, "\(accepted.stdout)\(accepted.stderr)")
        #expect(accepted.stdout.contains("keep      README.md  (accepted as merged by you (--accept)"))
        #expect(folder.read("out/README.md") == merged)
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url).status == 0)

        // --force names one file: only that one is overwritten, and the user's version is saved beside it.
        _ = try folder.write(readme + "mine\n", to: "out/README.md")
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("out/.authgen/base/README.md"))
        _ = try folder.write(Project.spec("Says farewell"), to: "spec.yaml")
        let forced = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--force", "README.md"], in: folder.url)
        #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
        #expect(forced.stdout.contains("update    README.md  (edited on disk and generated content changed: overwritten (--force); your version is saved as 'README.md.authgen-old')"))
        #expect(forced.stderr.contains("1 overwritten version(s) saved as .authgen-old"))
        #expect(folder.read("out/README.md.authgen-old") == readme + "mine\n")
        #expect(folder.read("out/README.md")?.contains("Says farewell") == true)
        #expect(folder.read("out/Sources/Server/main.swift")?.contains("// my edit") == true)
        let unknown = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--force", "nope"], in: folder.url)
        #expect(unknown.status == 4 && unknown.stderr.contains("--force 'nope'"))
    }

    @Test("point 14: --check passes with a kept hand edit (reported as a note), fails when generate would write")
    func checkIgnoresKeptEdits() throws {
        let folder = try Project.project()
        defer { folder.remove() }
        let readme = try #require(folder.read("out/README.md"))
        _ = try folder.write(readme + "\nMy own notes.\n", to: "out/README.md")
        let check = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.isEmpty)
        #expect(check.stderr.contains("note: keep      README.md"))
        #expect(check.stderr.contains("is up to date with spec.yaml (1 edited or orphaned file(s) of yours kept as they are)"))
        _ = try folder.write(Project.spec("Says goodbye"), to: "spec.yaml")
        let drift = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url)
        #expect(drift.status == 1 && drift.stdout.contains("merge     README.md"))
    }

    @Test("point 12: temporary files of a killed run fail --check, are removed and reported by the next run")
    func temporaryFiles() throws {
        let folder = try Project.project()
        defer { folder.remove() }
        _ = try folder.write("half a file", to: "out/Sources/Server/.authgen-9a8b7c.tmp")
        let check = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url)
        #expect(check.status == 1 && check.stdout.contains("remove    Sources/Server/.authgen-9a8b7c.tmp"))
        let run = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.stdout.contains("remove    Sources/Server/.authgen-9a8b7c.tmp  (temporary file left by an interrupted run: removed)"))
        #expect(run.stderr.contains("1 temporary file(s) of an interrupted run removed"))
        #expect(folder.read("out/Sources/Server/.authgen-9a8b7c.tmp") == nil)
    }

    @Test("point 15: an orphan deleted as advised is created again when its resource comes back")
    func orphanComesBack() throws {
        let folder = try Project.project()
        defer { folder.remove() }
        let withNote = Project.spec("Says hello") + "resources:\n  - name: note\n    fields:\n      body: {type: text}\n"
        _ = try folder.write(withNote, to: "spec.yaml")
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url).status == 0)
        _ = try folder.write((folder.read("out/resources/notes.txt") ?? "") + "// mine\n", to: "out/resources/notes.txt")
        _ = try folder.write(Project.spec("Says hello"), to: "spec.yaml")
        let removed = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--allow-destructive"], in: folder.url)
        #expect(removed.stdout.contains("orphan    resources/notes.txt"))
        // Point 14: an orphan left in place is reported by --check, not drift.
        let check = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url)
        #expect(check.status == 0 && check.stderr.contains("note: orphan    resources/notes.txt"))
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("out/resources/notes.txt"))
        _ = try folder.write(withNote, to: "spec.yaml")
        let back = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(back.status == 0)
        #expect(back.stdout.contains("create    resources/notes.txt  (generated again; you deleted it while it was no longer generated: created again)"))
        #expect(folder.read("out/resources/notes.txt") != nil)
    }

    @Test("point 16: a missing .env (a fresh clone) is created again with a fresh secret, 0600; a new .env is 0600")
    func envRecreated() throws {
        let folder = try Project.project()
        defer { folder.remove() }
        let env = folder.url.appendingPathComponent("out/.env")
        func mode() throws -> Int { (try FileManager.default.attributesOfItem(atPath: env.path)[.posixPermissions] as! NSNumber).intValue }
        #expect(try mode() == 0o600)
        try FileManager.default.removeItem(at: env)
        let check = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url)
        #expect(check.status == 0, "user-owned files are not part of --check")
        let run = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.stdout.contains("create    .env  (user-owned secret file missing (it is git-ignored, so a fresh clone has none): created again with a fresh secret)"))
        #expect(FileManager.default.fileExists(atPath: env.path))
        #expect(try mode() == 0o600)
    }

    @Test("point 11: while another run holds the output folder's lock, generate waits briefly, then exits 4 writing nothing")
    func lockedOutput() throws {
        let folder = try Project.project()
        defer { folder.remove() }
        _ = try folder.write(Project.spec("Says goodbye"), to: "spec.yaml")
        let readme = folder.read("out/README.md")
        let lock = try #require(try OutputLock.acquire(folder.url.appendingPathComponent("out"), create: false, wait: 0))
        let refused = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        lock.release()
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("another authgen run is generating into"))
        #expect(folder.read("out/README.md") == readme)
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url).status == 0)
    }

    @Test("point 11: two runs at once with different specs never leave a mixed tree")
    func concurrentRuns() throws {
        let folder = try Project.project()
        defer { folder.remove() }
        _ = try folder.write(Project.spec("First"), to: "a.yaml")
        _ = try folder.write(Project.spec("Second"), to: "b.yaml")
        let runs = ["a.yaml", "b.yaml"].map { spec in
            let process = Process()
            process.executableURL = AuthGenBinary.url
            process.arguments = ["generate", spec, "-o", "out"]
            process.currentDirectoryURL = folder.url
            var environment = ProcessInfo.processInfo.environment
            environment["AUTHGEN_TEMPLATES"] = Fixtures.plugins.path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for process in runs { try process.run() }
        for process in runs { process.waitUntilExit() }
        #expect(runs.allSatisfy { $0.terminationStatus == 0 })
        // Whichever ran last, the tree is entirely its spec: --check agrees with exactly one of them.
        let checks = try ["a.yaml", "b.yaml"].map { try AuthGenBinary.run(["generate", $0, "-o", "out", "--check"], in: folder.url).status }
        #expect(checks.filter { $0 == 0 }.count == 1, "\(checks)")
    }

    @Test("point 17: -o naming a file prints one error; a folder authgen did not write is refused without --into-existing")
    func outputFolderChecks() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(Project.spec("Says hello"), to: "spec.yaml")
        _ = try folder.write("a file", to: "file.txt")
        let onFile = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "file.txt"], in: folder.url)
        #expect(onFile.status == 4)
        #expect(onFile.stderr.split(separator: "\n").filter { $0.contains("error") }.count == 1, "\(onFile.stderr)")
        #expect(onFile.stderr.contains("is not a folder"))

        _ = try folder.write("# Our repository\n", to: "repo/README.md")
        let refused = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "repo"], in: folder.url)
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("refusing to generate into 'repo': it already holds files ('README.md')"))
        #expect(refused.stderr.contains("--into-existing"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("repo/.authgen").path))
        let dryRun = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "repo", "--dry-run"], in: folder.url)
        #expect(dryRun.status == 4)

        let into = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "repo", "--into-existing"], in: folder.url)
        #expect(into.status == 1, "the README that differs is a conflict")
        #expect(into.stdout.contains("conflict  README.md"))
        #expect(folder.read("repo/README.md") == "# Our repository\n")
        #expect(folder.read("repo/Package.swift") != nil)
        // The project now has a manifest: the next run needs no flag, and the README is settled with --accept.
        let accepted = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "repo", "--accept", "README.md"], in: folder.url)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "repo", "--check"], in: folder.url).status == 0)
        // A failed first run on a new folder leaves nothing behind.
        #expect(try AuthGenBinary.run(["generate", "missing.yaml", "-o", "new"], in: folder.url).status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("new").path))
    }
}

/// Issue 16 point 17: the smaller messages, through the binary.
@Suite(.serialized) struct SmallerMessagesCommandTests {
    @Test("an unreadable spec says why; init on a missing folder or a folder says so without Foundation's text")
    func readAndInitErrors() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("x", to: "sub/keep.txt")
        let missing = try AuthGenBinary.run(["validate", "missing.yaml"], in: folder.url)
        #expect(missing.status == 2 && missing.stderr.contains("cannot read spec file 'missing.yaml': no such file"))
        let inFolder = try AuthGenBinary.run(["validate", "nowhere/missing.yaml"], in: folder.url)
        #expect(inFolder.stderr.contains("the folder 'nowhere' does not exist either"))
        let isFolder = try AuthGenBinary.run(["generate", "sub"], in: folder.url)
        #expect(isFolder.status == 2 && isFolder.stderr.contains("cannot read spec file 'sub': it is a folder, not a file"))

        let initMissing = try AuthGenBinary.run(["init", "nowhere/authgen.yaml"], in: folder.url)
        #expect(initMissing.status == 4)
        #expect(initMissing.stderr == "error: cannot write 'nowhere/authgen.yaml': the folder 'nowhere' does not exist; create it first (mkdir -p nowhere)\n")
        let initFolder = try AuthGenBinary.run(["init", "sub", "--force"], in: folder.url)
        #expect(initFolder.status == 4)
        #expect(initFolder.stderr == "error: 'sub' is a folder; name the spec file to write, e.g. sub/authgen.yaml\n")
        #expect(folder.read("sub/keep.txt") == "x")
    }

    @Test("every duplicate key is reported, in order; a YAML merge key says merge keys are not supported")
    func yamlErrors() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("version: 1\nproject:\n  name: a\n  name: b\nserver:\n  port: 1\n  port: 2\n  host: h\n  host: i\n", to: "dup.yaml")
        let duplicates = try AuthGenBinary.run(["validate", "dup.yaml"], in: folder.url)
        #expect(duplicates.status == 2)
        #expect(duplicates.stderr == """
            dup.yaml:4:3: error: duplicate key 'name'; it is already defined at 3:3, keep only one
            dup.yaml:7:3: error: duplicate key 'port'; it is already defined at 6:3, keep only one
            dup.yaml:9:3: error: duplicate key 'host'; it is already defined at 8:3, keep only one

            """)
        _ = try folder.write("version: 1\nproject: {name: a}\nserver:\n  <<: {port: 8081}\n", to: "merge.yaml")
        let merge = try AuthGenBinary.run(["validate", "merge.yaml"], in: folder.url)
        #expect(merge.status == 2)
        #expect(merge.stderr.contains("merge.yaml:4:3: error: YAML merge keys ('<<') are not supported in a spec (in server); write the keys out in full"))
    }
}
