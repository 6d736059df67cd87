import Foundation
import Testing
@testable import AuthGenCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 16, points 9, 12, 13, 15, 16: regenerations that used to get stuck, each on a real temporary output folder.
@Suite("Regeneration recovery")
struct RegenerationRecoveryTests {
    static let v1 = (1...12).map { "generated line \($0)" }.joined(separator: "\n") + "\n"
    static let v2 = v1.replacingOccurrences(of: "generated line 9", with: "generated line 9 (v2)")
    static let v3 = v2.replacingOccurrences(of: "generated line 12", with: "generated line 12 (v3)")
    static let mine = v1.replacingOccurrences(of: "generated line 2\n", with: "generated line 2\n// my note\n")

    func plan(_ box: PlanSandbox, _ files: [RenderedFile], forced: Set<String> = [], accept: Set<String> = []) throws
        -> GenerationPlan
    {
        try Planner.plan(RenderedProject(files: files), outputDirectory: box.output, previous: try box.manifest(),
                         generatorVersion: "0.1.0", specHash: String(repeating: "0", count: 64), forced: forced,
                         accept: accept)
    }

    @Test("killed after a merged file and its base copy, before the manifest: the next run keeps the merge (no conflict)")
    func killBeforeManifest() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.txt", Self.v1)])
        try box.write("f.txt", Self.mine)
        let merge = try #require(try box.plan([planFile("f.txt", Self.v2)]).file(at: "f.txt"))
        #expect(merge.action == .merge)
        // What the writer had done when the process was killed: the file and its base copy, not the manifest.
        try box.write("f.txt", String(decoding: try #require(merge.contentsToWrite), as: UTF8.self))
        try box.write(BaseStore.relativePath(of: "f.txt"), Self.v2)

        let (again, _) = try box.generate([planFile("f.txt", Self.v2)])
        #expect(again.file(at: "f.txt")?.action == .keep)
        #expect(box.read("f.txt")?.contains("// my note\n") == true)
        #expect(try box.manifest()?.files["f.txt"]?.sha256 == planSHA(Self.v2))
        // And the change after that merges again.
        let (third, _) = try box.generate([planFile("f.txt", Self.v3)])
        #expect(third.file(at: "f.txt")?.action == .merge)
        #expect(box.read("f.txt")?.contains("generated line 12 (v3)") == true)
    }

    @Test("a base copy converted to CRLF by a Windows checkout still serves as the merge base")
    func crlfBaseCopy() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.txt", Self.v1)])
        try box.write("f.txt", Self.mine)
        try box.write(BaseStore.relativePath(of: "f.txt"), Self.v1.replacingOccurrences(of: "\n", with: "\r\n"))
        let (plan, _) = try box.generate([planFile("f.txt", Self.v2)])
        #expect(plan.file(at: "f.txt")?.action == .merge)
        #expect(box.read("f.txt") == Self.mine.replacingOccurrences(of: "generated line 9\n", with: "generated line 9 (v2)\n"))
    }

    @Test("no base copy (older authgen): a hand merge holding every line of the new rendering is accepted automatically")
    func handMergeAccepted() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.txt", Self.v1)])
        try box.remove(BaseStore.relativePath(of: "f.txt"))
        try box.write("f.txt", Self.mine)
        let conflict = try #require(try box.plan([planFile("f.txt", Self.v2)]).file(at: "f.txt"))
        #expect(conflict.action == .conflict && conflict.contentsToWrite == nil)
        #expect(conflict.reason.contains("--accept f.txt") && conflict.reason.contains("--force f.txt"))
        // --dry-run --diff shows the new rendering against the disk, although nothing is written (point 13).
        #expect(conflict.diff.contains("--- a/f.txt\n+++ b/f.txt\n"))
        #expect(conflict.diff.contains("-// my note\n"))
        #expect(conflict.diff.contains("-generated line 9\n+generated line 9 (v2)\n"))

        // The user merges by hand: the new line in, the note kept.
        let merged = Self.v2.replacingOccurrences(of: "generated line 2\n", with: "generated line 2\n// my note\n")
        try box.write("f.txt", merged)
        let (plan, report) = try box.generate([planFile("f.txt", Self.v2)])
        #expect(plan.file(at: "f.txt")?.action == .keep)
        #expect(report.filesWritten == 0 && box.read("f.txt") == merged)
        #expect(try box.manifest()?.files["f.txt"]?.sha256 == planSHA(Self.v2))
        #expect(box.read(BaseStore.relativePath(of: "f.txt")) == Self.v2)
        // From then on the file merges like any other.
        let (next, _) = try box.generate([planFile("f.txt", Self.v3)])
        #expect(next.file(at: "f.txt")?.action == .merge)
        #expect(box.read("f.txt")?.contains("// my note\n") == true && box.read("f.txt")?.contains("(v3)") == true)
    }

    @Test("--accept PATH takes a hand merge that dropped generated lines; refused while the file holds markers")
    func acceptByHand() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.txt", Self.v1), planFile("g.txt", "g\n")])
        try box.remove(BaseStore.relativePath(of: "f.txt"))
        let resolved = Self.v2.replacingOccurrences(of: "generated line 2\n", with: "")
        try box.write("f.txt", resolved)
        #expect(try plan(box, [planFile("f.txt", Self.v3), planFile("g.txt", "g\n")]).file(at: "f.txt")?.action == .conflict)

        let accepted = try plan(box, [planFile("f.txt", Self.v3), planFile("g.txt", "g\n")], accept: ["f.txt"])
        #expect(accepted.file(at: "f.txt")?.action == .keep)
        #expect(accepted.file(at: "f.txt")?.reason.contains("--accept") == true)
        _ = try Writer.apply(accepted)
        #expect(box.read("f.txt") == resolved)
        #expect(try box.manifest()?.files["f.txt"]?.sha256 == planSHA(Self.v3))

        #expect(throws: DiagnosticsError.self) { try plan(box, [planFile("f.txt", Self.v3)], accept: ["nope.txt"]) }
    }

    @Test("a file the user wrote before the first generation (an existing README.md): conflict, then --accept or auto-accept")
    func existingUserFile() throws {
        let box = try PlanSandbox()
        try box.write("README.md", "# My project\n")
        let first = try #require(try box.plan([planFile("README.md", "# Generated\n\nRun it.\n")]).file(at: "README.md"))
        #expect(first.action == .conflict && first.reason.contains("--accept README.md"))
        try box.write("README.md", "# My project\n\n# Generated\n\nRun it.\n\nMore of mine.\n")
        let (plan, _) = try box.generate([planFile("README.md", "# Generated\n\nRun it.\n")])
        #expect(plan.file(at: "README.md")?.action == .keep)
        #expect(try box.manifest()?.files["README.md"] != nil)
    }

    @Test("--force PATH overwrites that file only, saving your version as PATH.authgen-old (then -2), reported")
    func forcePerPath() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", Self.v1), planFile("b.txt", Self.v1)])
        for path in ["a.txt", "b.txt"] {
            try box.remove(BaseStore.relativePath(of: path))
            try box.write(path, Self.mine)
        }
        let files = [planFile("a.txt", Self.v2), planFile("b.txt", Self.v2)]
        let plan = try plan(box, files, forced: ["a.txt"])
        #expect(plan.file(at: "a.txt")?.action == .update)
        #expect(plan.file(at: "a.txt")?.savedCopyPath == "a.txt.authgen-old")
        #expect(plan.file(at: "a.txt")?.reason.contains("your version is saved as 'a.txt.authgen-old'") == true)
        #expect(plan.file(at: "b.txt")?.action == .conflict)
        let report = try Writer.apply(plan)
        #expect(report.savedCopies == ["a.txt.authgen-old"])
        #expect(box.read("a.txt") == Self.v2 && box.read("a.txt.authgen-old") == Self.mine)
        #expect(box.read("b.txt") == Self.mine)

        // A second forced overwrite never replaces the first saved copy.
        try box.write("a.txt", "mine again\n")
        let files3 = [planFile("a.txt", Self.v3), planFile("b.txt", Self.v2)]
        let second = try Writer.apply(try self.plan(box, files3, forced: ["."]))
        #expect(second.savedCopies == ["a.txt.authgen-old-2", "b.txt.authgen-old"])
        #expect(box.read("a.txt.authgen-old") == Self.mine && box.read("a.txt.authgen-old-2") == "mine again\n")
        #expect(throws: DiagnosticsError.self) { try self.plan(box, files3, forced: ["nope"]) }
    }

    @Test("temporary files of a killed run are listed, removed by the next run and reported")
    func staleTemporaryFiles() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "A\n"), planFile("sub/b.txt", "B\n")])
        try box.write("sub/.authgen-5f3a9c.tmp", "half")
        try box.write(".authgen/base/sub/.authgen-77.tmp", "half")
        try box.write("sub/.authgen-notes.txt", "not ours")
        let plan = try box.plan([planFile("a.txt", "A\n"), planFile("sub/b.txt", "B\n")])
        #expect(plan.staleTemporaryFiles == [".authgen/base/sub/.authgen-77.tmp", "sub/.authgen-5f3a9c.tmp"])
        #expect(!plan.isUpToDate)
        let report = try Writer.apply(plan)
        #expect(report.removedTemporaryFiles == plan.staleTemporaryFiles)
        #expect(!box.exists("sub/.authgen-5f3a9c.tmp") && !box.exists(".authgen/base/sub/.authgen-77.tmp"))
        #expect(box.exists("sub/.authgen-notes.txt"))
        #expect(try box.plan([planFile("a.txt", "A\n"), planFile("sub/b.txt", "B\n")]).isUpToDate)
    }

    @Test("an orphan the user deleted as advised is created again when it is generated again")
    func orphanComesBack() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "A\n"), planFile("posts.swift", "posts v1\n")])
        try box.write("posts.swift", "posts v1\n// edited\n")
        let (orphaned, _) = try box.generate([planFile("a.txt", "A\n")])
        #expect(orphaned.file(at: "posts.swift")?.action == .orphan)
        try box.remove("posts.swift")
        let (back, _) = try box.generate([planFile("a.txt", "A\n"), planFile("posts.swift", "posts v2\n")])
        #expect(back.file(at: "posts.swift")?.action == .create)
        #expect(box.read("posts.swift") == "posts v2\n")
        // A file deleted while it was still generated stays deleted, as before.
        try box.remove("a.txt")
        #expect(try box.plan([planFile("a.txt", "A\n"), planFile("posts.swift", "posts v2\n")]).file(at: "a.txt")?.action == .skip)
    }

    @Test("a missing user-owned secret file is created again with the fresh secret; secret files are written 0600")
    func secretFileRecreated() throws {
        let box = try PlanSandbox()
        var env = planFile(".env", "SECRET_KEY=first\n", owner: .user)
        env.isSecret = true
        try box.generate([env, planFile("notes.txt", "mine\n", owner: .user)])
        #expect(try box.permissions(".env") == 0o600)
        try box.remove(".env")
        try box.remove("notes.txt")
        env.contents = Data("SECRET_KEY=second\n".utf8)
        let (plan, _) = try box.generate([env, planFile("notes.txt", "mine\n", owner: .user)])
        #expect(plan.file(at: ".env")?.action == .create)
        #expect(plan.file(at: ".env")?.reason.contains("created again with a fresh secret") == true)
        #expect(box.read(".env") == "SECRET_KEY=second\n")
        #expect(try box.permissions(".env") == 0o600)
        // A user-owned file that is not secret stays deleted.
        #expect(plan.file(at: "notes.txt")?.action == .skip && !box.exists("notes.txt"))
    }
}

@Suite("Output lock")
struct OutputLockTests {
    @Test("a second lock on the same output folder waits, then fails with a clear message; free again after release")
    func exclusive() throws {
        let box = try PlanSandbox()
        let first = try #require(try OutputLock.acquire(box.output, create: true, wait: 0))
        let started = Date()
        do {
            _ = try OutputLock.acquire(box.output, create: true, wait: 0.3)
            Issue.record("the second lock was granted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("another authgen run is generating into") == true)
        }
        #expect(Date().timeIntervalSince(started) >= 0.3)
        first.release()
        #expect(try OutputLock.acquire(box.output, create: true, wait: 0) != nil)
        // Nothing to lock (and nothing created) for a dry run on a missing folder; a file is refused.
        #expect(try OutputLock.acquire(box.root.appendingPathComponent("missing"), create: false, wait: 0) == nil)
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("missing").path))
        try box.write("file.txt", "x")
        #expect(throws: DiagnosticsError.self) { try OutputLock.acquire(box.url("file.txt"), create: true, wait: 0) }
    }
}
