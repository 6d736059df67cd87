import Foundation
import Testing
@testable import AuthGenCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Writer")
struct WriterTests {
    static let old = Date(timeIntervalSince1970: 1_000_000_000) // 2001

    @Test("write only if changed: an unchanged file keeps its modification time; a changed one gets a new one")
    func writeOnlyIfChanged() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("same.txt", "same\n"), planFile("dir/changes.txt", "v1\n")])
        try box.setModificationDate("same.txt", Self.old)
        try box.setModificationDate("dir/changes.txt", Self.old)
        try box.setModificationDate(GenerationManifest.relativePath, Self.old)

        let (_, report) = try box.generate([planFile("same.txt", "same\n"), planFile("dir/changes.txt", "v2\n")])
        #expect(report.writtenPaths == ["dir/changes.txt"])
        #expect(try box.modificationDate("same.txt") == Self.old)
        #expect(try box.modificationDate("dir/changes.txt") > Self.old)
        #expect(report.manifestWritten)

        // Nothing changes at all: not even the manifest is rewritten.
        try box.setModificationDate(GenerationManifest.relativePath, Self.old)
        try box.setModificationDate("dir/changes.txt", Self.old)
        let (_, again) = try box.generate([planFile("same.txt", "same\n"), planFile("dir/changes.txt", "v2\n")])
        #expect(again.filesWritten == 0 && !again.manifestWritten && again.summary == "nothing written")
        #expect(try box.modificationDate(GenerationManifest.relativePath) == Self.old)
        #expect(try box.modificationDate("dir/changes.txt") == Self.old)
    }

    @Test("new files get 0644; an existing file keeps its permissions; parents are created and reported")
    func permissionsAndDirectories() throws {
        let box = try PlanSandbox()
        let (_, report) = try box.generate([planFile("a/b/c.txt", "1\n"), planFile("run.sh", "echo 1\n")])
        #expect(report.createdDirectories == ["a", "a/b"], "folders of the output; .authgen/ is the generator's own")
        #expect(try box.permissions("a/b/c.txt") == 0o644)
        #expect(chmod(box.url("run.sh").path, 0o755) == 0)
        try box.generate([planFile("a/b/c.txt", "1\n"), planFile("run.sh", "echo 2\n")])
        #expect(box.read("run.sh") == "echo 2\n")
        #expect(try box.permissions("run.sh") == 0o755)
    }

    @Test("no temporary files are left behind")
    func noTemporaryFiles() throws {
        let box = try PlanSandbox()
        let files = (0..<20).map { planFile("d\($0 % 3)/f\($0).txt", "\($0)\n") }
        try box.generate(files)
        try box.generate(files.map { planFile($0.path, "new \($0.path)\n") })
        let all = box.allFiles()
        #expect(all.count == 41, "20 files, their 20 base copies, the manifest")
        let leftovers = all.filter { $0.contains(".tmp") || $0.contains(".authgen-") }
        #expect(leftovers.isEmpty)
    }

    @Test("a failure half-way: earlier files are new, later ones untouched, the error says exactly what was written")
    func failureHalfWay() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "a1\n"), planFile("c.txt", "c1\n")])
        let before = try #require(try box.manifest())
        let plan = try box.plan([planFile("a.txt", "a2\n"), planFile("b/x.txt", "x\n"), planFile("c.txt", "c2\n")])
        #expect(plan.changes.map(\.path) == ["a.txt", "b/x.txt", "c.txt"])

        // The disk changes after planning: a file now sits where folder 'b' must go.
        try box.write("b", "blocker\n")
        let error = try #require(throws: WriteError.self) { try Writer.apply(plan) }
        #expect(error.failedPath == "b/x.txt")
        #expect(error.completed.writtenPaths == ["a.txt"])
        #expect(error.completed.paths(for: .update) == ["a.txt"])
        #expect(error.description.contains("cannot write 'b/x.txt'"))
        #expect(error.description.contains("written before the failure: a.txt"))

        #expect(box.read("a.txt") == "a2\n", "written before the failure: new")
        #expect(box.read("c.txt") == "c1\n", "after the failure: old")
        #expect(box.read("b") == "blocker\n")
        let leftovers = box.allFiles().filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)

        // The manifest records exactly what was applied.
        let after = try #require(try box.manifest())
        #expect(error.completed.manifestWritten)
        #expect(after.files["a.txt"]?.sha256 == planSHA("a2\n"))
        #expect(after.files["c.txt"] == before.files["c.txt"])
        #expect(after.files["b/x.txt"] == nil)

        // Remove the blocker and run again: the state is repaired.
        try box.remove("b")
        let (replan, _) = try box.generate([planFile("a.txt", "a2\n"), planFile("b/x.txt", "x\n"), planFile("c.txt", "c2\n")])
        #expect(replan.summary == "1 create, 1 update, 1 unchanged")
        #expect(box.read("c.txt") == "c2\n" && box.read("b/x.txt") == "x\n")
    }

    @Test("a read-only folder: the write fails cleanly and the earlier state is intact",
          .enabled(if: getuid() != 0, "root ignores folder permissions"))
    func readOnlyFolder() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "a1\n"), planFile("locked/b.txt", "b1\n")])
        #expect(chmod(box.url("locked").path, 0o555) == 0)
        defer { chmod(box.url("locked").path, 0o755) }
        let error = try #require(throws: WriteError.self) {
            try box.generate([planFile("a.txt", "a2\n"), planFile("locked/b.txt", "b2\n")])
        }
        #expect(error.failedPath == "locked/b.txt")
        #expect(error.completed.writtenPaths == ["a.txt"])
        #expect(box.read("locked/b.txt") == "b1\n")
    }

    @Test("the disk changed since planning: refused before anything is written")
    func diskChangedSincePlanning() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "a1\n"), planFile("b.txt", "b1\n")])
        let plan = try box.plan([planFile("a.txt", "a2\n"), planFile("b.txt", "b2\n"), planFile("c.txt", "c\n")])
        try box.write("b.txt", "edited after planning\n")
        try box.write("c.txt", "appeared after planning\n")
        let error = try #require(throws: WriteError.self) { try Writer.apply(plan) }
        #expect(error.failedPath == nil)
        #expect(error.completed.filesWritten == 0 && !error.completed.manifestWritten)
        #expect(error.description.contains("'b.txt' changed on disk after the plan was made"))
        #expect(error.description.contains("'c.txt' appeared on disk after the plan was made"))
        #expect(error.description.contains("nothing was written"))
        #expect(box.read("a.txt") == "a1\n")
        #expect(box.read("b.txt") == "edited after planning\n")
    }

    @Test("a plan with escaping paths (built by hand, bypassing the planner) writes nothing", arguments: [
        "../x", "/etc/x", "a/../../x", ".authgen/manifest.json",
    ])
    func writerRefusesEscapingPaths(path: String) throws {
        let box = try PlanSandbox()
        let good = planFile("good.txt", "good\n"), evil = planFile(path, "evil\n", plugin: "evilplugin")
        let plan = GenerationPlan(
            outputDirectory: box.output,
            files: [good, evil].map { PlannedFile(path: $0.path, action: .create, rendered: $0, reason: "test",
                                                  contentsToWrite: $0.contents) },
            previousManifest: nil,
            manifest: GenerationManifest(generatorVersion: "0.1.0", specHash: "s"),
            manifestNeedsWrite: true)
        let error = try #require(throws: WriteError.self) { try Writer.apply(plan) }
        #expect(error.description.contains("'\(path)'") && error.description.contains("plugin 'evilplugin'"))
        #expect(error.completed.filesWritten == 0)
        #expect(!FileManager.default.fileExists(atPath: box.output.path))
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("x").path))
    }

    @Test("a symbolic link leading outside, created after planning, is refused by the writer")
    func symlinkCreatedAfterPlanning() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("keep.txt", "k\n")])
        let plan = try box.plan([planFile("keep.txt", "k\n"), planFile("sub/x.txt", "evil\n")])
        try FileManager.default.createSymbolicLink(at: box.url("sub"), withDestinationURL: box.outside)
        let error = try #require(throws: WriteError.self) { try Writer.apply(plan) }
        #expect(error.description.contains("'sub' is a symbolic link"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.outside.path).isEmpty)
    }

    @Test(".authgen as a symbolic link leading outside: the manifest is not written there")
    func manifestFolderLinkedOutside() throws {
        let box = try PlanSandbox()
        try FileManager.default.createDirectory(at: box.output, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: box.url(".authgen"), withDestinationURL: box.outside)
        #expect(throws: DiagnosticsError.self) { try box.plan([planFile("a.txt", "a\n")]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.outside.path).isEmpty)
    }

    @Test("a conflict without a base copy is never written, even when other files are")
    func conflictNotWritten() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "a1\n"), planFile("b.txt", "b1\n")])
        try box.remove(BaseStore.relativePath(of: "b.txt")) // as after a generation by an older authgen
        try box.write("b.txt", "mine\n")
        try box.setModificationDate("b.txt", Self.old)
        let (plan, report) = try box.generate([planFile("a.txt", "a2\n"), planFile("b.txt", "b2\n")])
        #expect(plan.summary == "1 update, 1 conflict")
        #expect(report.writtenPaths == ["a.txt"])
        #expect(box.read("b.txt") == "mine\n")
        #expect(try box.modificationDate("b.txt") == Self.old)
    }
}
