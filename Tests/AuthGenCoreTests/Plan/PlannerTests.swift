import Foundation
import Testing
@testable import AuthGenCore

@Suite("Planner")
struct PlannerTests {
    @Test("first generation: every file is created, and planning alone writes nothing")
    func createOnEmptyOutput() throws {
        let box = try PlanSandbox()
        let files = [planFile("Package.swift", "// package\n"), planFile("Sources/App/main.swift", "print(1)\n")]
        let plan = try box.plan(files)
        #expect(plan.files.map(\.action) == [.create, .create])
        let reasons = Set(plan.files.map(\.reason))
        #expect(reasons == ["new file"])
        #expect(plan.summary == "2 create")
        #expect(plan.manifestNeedsWrite)
        #expect(!FileManager.default.fileExists(atPath: box.output.path), "planning must not touch the disk")

        let report = try Writer.apply(plan)
        #expect(report.paths(for: .create) == ["Package.swift", "Sources/App/main.swift"])
        #expect(box.read("Sources/App/main.swift") == "print(1)\n")
        let manifest = try #require(try box.manifest())
        #expect(manifest.files["Package.swift"] == GenerationManifest.Entry(
            plugin: "fixture", template: "Package.swift.mustache", owner: .generator, sha256: planSHA("// package\n")))
        #expect(manifest.generatorVersion == "0.1.0")
    }

    @Test("same rendering again: unchanged, nothing written, not even the manifest")
    func unchanged() throws {
        let box = try PlanSandbox()
        let files = [planFile("a.txt", "A\n"), planFile("b/c.txt", "C\n")]
        try box.generate(files)
        let (plan, report) = try box.generate(files)
        #expect(plan.files.map(\.action) == [.unchanged, .unchanged])
        #expect(plan.changes.isEmpty && plan.isUpToDate)
        #expect(!plan.manifestNeedsWrite)
        #expect(report.filesWritten == 0 && !report.manifestWritten)
        #expect(plan.summary == "2 unchanged")
    }

    @Test("rendering changed, file not edited: update")
    func update() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "v1\n")])
        let (plan, report) = try box.generate([planFile("a.txt", "v2\n")])
        #expect(plan.file(at: "a.txt")?.action == .update)
        #expect(report.paths(for: .update) == ["a.txt"])
        #expect(box.read("a.txt") == "v2\n")
        #expect(try box.manifest()?.files["a.txt"]?.sha256 == planSHA("v2\n"))
    }

    @Test("file edited, rendering unchanged: keep the user's file")
    func keep() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "v1\n")])
        try box.write("a.txt", "v1 + my edit\n")
        let (plan, report) = try box.generate([planFile("a.txt", "v1\n")])
        let file = try #require(plan.file(at: "a.txt"))
        #expect(file.action == .keep)
        #expect(file.reason.contains("your version stays"))
        #expect(report.filesWritten == 0)
        #expect(box.read("a.txt") == "v1 + my edit\n")
        #expect(try box.manifest()?.files["a.txt"]?.sha256 == planSHA("v1\n"), "the base stays recorded")
        #expect(plan.isUpToDate)
    }

    @Test("file edited and rendering changed, no base copy (older manifest): conflict, not written, previous record kept; --force overwrites")
    func conflictAfterEdit() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "v1\n")])
        try box.remove(BaseStore.relativePath(of: "a.txt"))
        try box.write("a.txt", "my edit\n")
        let (plan, report) = try box.generate([planFile("a.txt", "v2\n")])
        let file = try #require(plan.file(at: "a.txt"))
        #expect(file.action == .conflict)
        #expect(file.contentsToWrite == nil)
        #expect(file.reason.contains("--force"))
        #expect(plan.conflicts.count == 1 && !plan.isUpToDate)
        #expect(report.filesWritten == 0)
        #expect(box.read("a.txt") == "my edit\n")
        #expect(try box.manifest()?.files["a.txt"]?.sha256 == planSHA("v1\n"), "the base stays recorded")

        // Still a conflict on the next run.
        #expect(try box.plan([planFile("a.txt", "v2\n")]).file(at: "a.txt")?.action == .conflict)

        let (forced, forcedReport) = try box.generate([planFile("a.txt", "v2\n")], force: true)
        #expect(forced.file(at: "a.txt")?.action == .update)
        #expect(forced.file(at: "a.txt")?.reason.contains("--force") == true)
        #expect(forcedReport.paths(for: .update) == ["a.txt"])
        #expect(box.read("a.txt") == "v2\n")
        #expect(try box.manifest()?.files["a.txt"]?.sha256 == planSHA("v2\n"))
    }

    @Test("file on disk with no manifest record and other bytes: conflict; --force overwrites")
    func conflictWithoutRecord() throws {
        let box = try PlanSandbox()
        try box.write("a.txt", "hand written\n")
        let (plan, _) = try box.generate([planFile("a.txt", "generated\n"), planFile("b.txt", "B\n")])
        #expect(plan.file(at: "a.txt")?.action == .conflict)
        #expect(plan.file(at: "b.txt")?.action == .create)
        #expect(box.read("a.txt") == "hand written\n")
        #expect(try box.manifest()?.files["a.txt"] == nil, "no base to record")

        let (forced, _) = try box.generate([planFile("a.txt", "generated\n"), planFile("b.txt", "B\n")], force: true)
        #expect(forced.file(at: "a.txt")?.action == .update)
        #expect(box.read("a.txt") == "generated\n")
    }

    @Test("file on disk with no manifest record but the same bytes: unchanged and recorded")
    func sameBytesWithoutRecord() throws {
        let box = try PlanSandbox()
        try box.write("a.txt", "same\n")
        let (plan, report) = try box.generate([planFile("a.txt", "same\n")])
        #expect(plan.file(at: "a.txt")?.action == .unchanged)
        #expect(report.filesWritten == 0 && report.manifestWritten)
        #expect(try box.manifest()?.files["a.txt"]?.sha256 == planSHA("same\n"))
    }

    @Test("generated file deleted on disk: stays deleted (recorded); --restore creates it again")
    func recreateMissingGeneratedFile() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "A\n")])
        try box.remove("a.txt")
        let (plan, report) = try box.generate([planFile("a.txt", "A2\n")])
        #expect(plan.file(at: "a.txt")?.action == .skip)
        #expect(plan.file(at: "a.txt")?.reason == "deleted by you; `--restore a.txt` brings it back")
        #expect(!box.exists("a.txt") && report.filesWritten == 0)
        #expect(try box.manifest()?.files["a.txt"]?.deleted == true)
        #expect(!box.exists(BaseStore.relativePath(of: "a.txt")), "no base copy kept for a deleted file")
        #expect(try box.plan([planFile("a.txt", "A3\n")]).file(at: "a.txt")?.action == .skip, "and on later runs")

        let restored = try Planner.plan(RenderedProject(files: [planFile("a.txt", "A3\n")]), outputDirectory: box.output,
                                        previous: try box.manifest(), generatorVersion: "0.1.0",
                                        specHash: String(repeating: "0", count: 64), restore: ["a.txt"])
        #expect(restored.file(at: "a.txt")?.action == .create)
        #expect(restored.file(at: "a.txt")?.reason.contains("--restore") == true)
        _ = try Writer.apply(restored)
        #expect(box.read("a.txt") == "A3\n")
        #expect(try box.manifest()?.files["a.txt"]?.deleted == false)
    }

    @Test("user-owned: created once, then skipped whatever the rendering; deleted by the user stays deleted")
    func userOwned() throws {
        let box = try PlanSandbox()
        let first = try box.generate([planFile(".env", "SECRET=1\n", owner: .user)])
        #expect(first.plan.file(at: ".env")?.action == .create)
        #expect(box.read(".env") == "SECRET=1\n")

        try box.write(".env", "SECRET=mine\n")
        let second = try box.generate([planFile(".env", "SECRET=2\n", owner: .user)])
        #expect(second.plan.file(at: ".env")?.action == .skip)
        #expect(second.report.filesWritten == 0)
        #expect(box.read(".env") == "SECRET=mine\n")
        #expect(second.plan.file(at: ".env")?.diskSHA256 == nil, "user-owned files are never read")
        #expect(try box.manifest()?.files[".env"]?.sha256 == planSHA("SECRET=1\n"), "the first record stays")
        #expect(!second.plan.manifestNeedsWrite, "a fresh secret in the rendering does not churn the manifest")

        try box.remove(".env")
        let third = try box.generate([planFile(".env", "SECRET=3\n", owner: .user)])
        let file = try #require(third.plan.file(at: ".env"))
        #expect(file.action == .skip)
        #expect(file.reason.contains("stays deleted"))
        #expect(!box.exists(".env"))
        #expect(try box.manifest()?.files[".env"] != nil, "still recorded, so it stays deleted next time too")
    }

    @Test("user-owned file that exists before any generation: skipped, and recorded")
    func userOwnedPreexisting() throws {
        let box = try PlanSandbox()
        try box.write(".env", "MINE=1\n")
        let (plan, _) = try box.generate([planFile(".env", "SECRET=1\n", owner: .user)])
        #expect(plan.file(at: ".env")?.action == .skip)
        #expect(box.read(".env") == "MINE=1\n")
        #expect(try box.manifest()?.files[".env"]?.owner == .user)
    }

    @Test("no longer rendered and edited: orphan, left in place and still recorded; dropped once gone from disk")
    func orphan() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "A\n"), planFile("old.txt", "OLD\n")])
        try box.write("old.txt", "OLD edited\n")
        let (plan, report) = try box.generate([planFile("a.txt", "A\n")])
        let file = try #require(plan.file(at: "old.txt"))
        #expect(file.action == .orphan)
        #expect(file.rendered == nil)
        #expect(file.reason.contains("edited on disk"))
        #expect(report.filesWritten == 0 && report.deleted.isEmpty)
        #expect(box.read("old.txt") == "OLD edited\n")
        #expect(try box.manifest()?.files["old.txt"] != nil)
        #expect(plan.summary == "1 orphan, 1 unchanged")

        try box.remove("old.txt")
        let (after, afterReport) = try box.generate([planFile("a.txt", "A\n")])
        #expect(after.file(at: "old.txt")?.action == .orphan)
        #expect(after.file(at: "old.txt")?.reason.contains("dropped") == true)
        #expect(afterReport.manifestWritten)
        #expect(try box.manifest()?.files["old.txt"] == nil)
        #expect(try box.plan([planFile("a.txt", "A\n")]).file(at: "old.txt") == nil)
    }

    @Test("summary counts every action in a fixed order; files sorted by path")
    func summaryAndOrder() throws {
        let box = try PlanSandbox()
        try box.generate([
            planFile("keep.txt", "k\n"), planFile("update.txt", "u1\n"), planFile("conflict.txt", "c1\n"),
            planFile("unchanged.txt", "same\n"), planFile("orphan.txt", "o\n"), planFile("user.txt", "u\n", owner: .user),
        ])
        try box.write("keep.txt", "k edited\n")
        try box.write("conflict.txt", "c edited\n")
        let plan = try box.plan([
            planFile("update.txt", "u2\n"), planFile("keep.txt", "k\n"), planFile("conflict.txt", "c2\n"),
            planFile("unchanged.txt", "same\n"), planFile("user.txt", "u2\n", owner: .user), planFile("new.txt", "n\n"),
        ])
        #expect(plan.summary == "1 create, 1 update, 1 keep, 1 conflict, 1 delete, 1 unchanged, 1 skip")
        #expect(plan.files.map(\.path) == plan.files.map(\.path).sorted())
        #expect(plan.changes.map(\.path) == ["conflict.txt", "new.txt", "orphan.txt", "update.txt"])
        #expect(plan.counts[.keep] == 1 && plan.count(of: .create) == 1)
    }

    @Test("the manifest to write: new records for create/update/unchanged/merge/conflict with markers, previous ones for keep/skip")
    func manifestToWrite() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("k.txt", "k1\n"), planFile("c.txt", "c1\n"), planFile("u.txt", "u1\n"),
                          planFile("s.txt", "s1\n", owner: .user)])
        try box.write("k.txt", "k edited\n")
        try box.write("c.txt", "c edited\n")
        let plan = try box.plan([planFile("k.txt", "k1\n"), planFile("c.txt", "c2\n"), planFile("u.txt", "u2\n"),
                                 planFile("s.txt", "s2\n", owner: .user), planFile("n.txt", "n\n")])
        let files = plan.manifest.files
        #expect(files["k.txt"]?.sha256 == planSHA("k1\n"))
        #expect(files["c.txt"]?.sha256 == planSHA("c2\n"), "the markers are written: the new rendering is the base")
        #expect(files["u.txt"]?.sha256 == planSHA("u2\n"))
        #expect(files["s.txt"]?.sha256 == planSHA("s1\n"))
        #expect(files["n.txt"]?.sha256 == planSHA("n\n"))
        #expect(plan.manifest.specHash == String(repeating: "0", count: 64))
    }

    @Test("two templates rendering one path, or a path that is also another's folder: refused")
    func pathClashes() throws {
        let box = try PlanSandbox()
        let error = try #require(throws: DiagnosticsError.self) {
            try box.plan([planFile("a", "1", plugin: "p1"), planFile("a", "2", plugin: "p2"), planFile("a/b", "3")])
        }
        let text = error.description
        #expect(text.contains("plugin 'p1'") && text.contains("renders the same path"))
        #expect(text.contains("'a' is also rendered as a file"))
    }

    @Test("a folder on disk where a file goes, or a file where a folder goes: refused, naming the path")
    func diskShapeClashes() throws {
        let box = try PlanSandbox()
        try FileManager.default.createDirectory(at: box.url("dir.txt"), withIntermediateDirectories: true)
        try box.write("blocker", "I am a file\n")
        let error = try #require(throws: DiagnosticsError.self) {
            try box.plan([planFile("dir.txt", "x"), planFile("blocker/x.txt", "y")])
        }
        #expect(error.diagnostics.count == 2)
        #expect(error.description.contains("'dir.txt'") && error.description.contains("is a folder on disk"))
        #expect(error.description.contains("'blocker' on disk is a file, not a folder"))
    }

    @Test("a symbolic link inside the output that stays inside is followed; the link is kept")
    func symlinkInside() throws {
        let box = try PlanSandbox()
        try box.write("real/a.txt", "v1\n")
        try box.write("real/b.txt", "v1\n")
        try FileManager.default.createSymbolicLink(atPath: box.url("alias").path, withDestinationPath: "real")
        try FileManager.default.createSymbolicLink(atPath: box.url("link.txt").path, withDestinationPath: "real/b.txt")
        let (plan, _) = try box.generate([planFile("alias/a.txt", "v1\n"), planFile("link.txt", "v2\n")], force: true)
        #expect(plan.file(at: "alias/a.txt")?.action == .unchanged)
        #expect(plan.file(at: "link.txt")?.action == .update)
        #expect(box.read("real/b.txt") == "v2\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: box.url("link.txt").path) == "real/b.txt")
    }

    @Test("the plan as JSON names files, actions and reasons, never contents")
    func planJSON() throws {
        let box = try PlanSandbox()
        let plan = try box.plan([planFile("a.txt", "TOP SECRET\n")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(PlanReport(plan)), as: UTF8.self)
        #expect(json.contains("\"action\":\"create\""))
        #expect(json.contains("\"summary\":\"1 create\""))
        #expect(json.contains("\"plugin\":\"fixture\""))
        #expect(!json.contains("TOP SECRET") && !json.contains("VE9QIFNFQ1JFVA"))
    }
}
