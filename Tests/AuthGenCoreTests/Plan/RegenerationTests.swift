import Foundation
import Testing
@testable import AuthGenCore

/// One test per regeneration case, each on a real temporary output directory.
@Suite("Regeneration")
struct RegenerationTests {
    static let base = (1...12).map { "generated line \($0)" }.joined(separator: "\n") + "\n"

    @Test("every applied generator-owned file gets a base copy; user-owned and secret files never do")
    func baseCopies() throws {
        let box = try PlanSandbox()
        var secret = planFile("config/secret.txt", "KEY=abc\n")
        secret.isSecret = true
        let (_, report) = try box.generate([planFile("a.txt", "A\n"), planFile(".env", "S=1\n", owner: .user), secret])
        #expect(report.baseCopiesWritten == ["a.txt"])
        #expect(box.read(BaseStore.relativePath(of: "a.txt")) == "A\n")
        #expect(!box.exists(BaseStore.relativePath(of: ".env")))
        #expect(!box.exists(BaseStore.relativePath(of: "config/secret.txt")))
    }

    @Test("a missing base copy of an unchanged file is repaired without touching the file")
    func baseRepair() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("a.txt", "A\n")])
        try box.remove(BaseStore.relativePath(of: "a.txt"))
        try box.setModificationDate("a.txt", WriterTests.old)
        let (plan, report) = try box.generate([planFile("a.txt", "A\n")])
        #expect(plan.file(at: "a.txt")?.action == .unchanged)
        #expect(report.filesWritten == 0 && report.baseCopiesWritten == ["a.txt"])
        #expect(try box.modificationDate("a.txt") == WriterTests.old)
        #expect(box.read(BaseStore.relativePath(of: "a.txt")) == "A\n")
        // A stale copy (hash differs from the manifest) is never used, and is repaired too.
        try box.write(BaseStore.relativePath(of: "a.txt"), "tampered\n")
        #expect(try box.plan([planFile("a.txt", "A\n")]).file(at: "a.txt")?.baseToWrite == Data("A\n".utf8))
    }

    @Test("edited on disk and new rendering in other lines: merged, both changes kept, base and manifest move on")
    func cleanMerge() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.swift", Self.base)])
        let mine = Self.base.replacingOccurrences(of: "generated line 2\n", with: "generated line 2\n// my note\n")
        try box.write("f.swift", mine)
        let theirs = Self.base.replacingOccurrences(of: "generated line 10", with: "generated line 10 (v2)")
        let (plan, report) = try box.generate([planFile("f.swift", theirs)])
        let file = try #require(plan.file(at: "f.swift"))
        #expect(file.action == .merge)
        #expect(report.paths(for: .merge) == ["f.swift"])
        let merged = try #require(box.read("f.swift"))
        #expect(merged.contains("// my note\n") && merged.contains("generated line 10 (v2)\n"))
        #expect(try box.manifest()?.files["f.swift"]?.sha256 == planSHA(theirs))
        #expect(box.read(BaseStore.relativePath(of: "f.swift")) == theirs)
        // Next run: the rendering did not change, the edit stays.
        let (again, againReport) = try box.generate([planFile("f.swift", theirs)])
        #expect(again.file(at: "f.swift")?.action == .keep && againReport.filesWritten == 0)
    }

    @Test("edited on disk and already holding the new rendering's change: keep, nothing written, base moves on")
    func mergeThatChangesNothing() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.txt", Self.base)])
        let theirs = Self.base.replacingOccurrences(of: "generated line 10", with: "generated line 10 (v2)")
        let mine = theirs.replacingOccurrences(of: "generated line 1\n", with: "my line 1\n")
        try box.write("f.txt", mine)
        let (plan, report) = try box.generate([planFile("f.txt", theirs)])
        #expect(plan.file(at: "f.txt")?.action == .keep)
        #expect(report.filesWritten == 0 && report.baseCopiesWritten == ["f.txt"])
        #expect(box.read("f.txt") == mine)
        #expect(try box.manifest()?.files["f.txt"]?.sha256 == planSHA(theirs))
    }

    @Test("overlapping changes: written with diff3 markers, listed, the next run refuses until they are resolved")
    func conflictWithMarkers() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.txt", Self.base), planFile("g.txt", "g1\n")])
        try box.write("f.txt", Self.base.replacingOccurrences(of: "generated line 5", with: "line 5 by me"))
        let theirs = Self.base.replacingOccurrences(of: "generated line 5", with: "line 5 v2")
        let (plan, report) = try box.generate([planFile("f.txt", theirs), planFile("g.txt", "g1\n")])
        let file = try #require(plan.file(at: "f.txt"))
        #expect(file.action == .conflict && file.conflictLines == [5])
        #expect(plan.conflicts.map(\.path) == ["f.txt"])
        #expect(report.paths(for: .conflict) == ["f.txt"])
        let text = try #require(box.read("f.txt"))
        #expect(text.contains("<<<<<<< yours\nline 5 by me\n||||||| generated before\ngenerated line 5\n=======\nline 5 v2\n>>>>>>> generated now\n"))

        // Refused, naming the file and the line; nothing written, not even for other files.
        let error = try #require(throws: DiagnosticsError.self) {
            try box.plan([planFile("f.txt", theirs), planFile("g.txt", "g2\n")])
        }
        #expect(error.description.contains("f.txt:5:1: error: unresolved conflict"))
        #expect(box.read("g.txt") == "g1\n")

        // Resolved by hand: the resolution is kept.
        let resolved = theirs.replacingOccurrences(of: "line 5 v2", with: "line 5 v2 and mine")
        try box.write("f.txt", resolved)
        let (after, _) = try box.generate([planFile("f.txt", theirs), planFile("g.txt", "g2\n")])
        #expect(after.file(at: "f.txt")?.action == .keep)
        #expect(box.read("f.txt") == resolved && box.read("g.txt") == "g2\n")
    }

    @Test("a template that renders marker-like lines does not block later runs")
    func renderedMarkersAreNotConflicts() throws {
        let box = try PlanSandbox()
        let text = "<<<<<<< yours\nexample of a conflict\n>>>>>>> generated now\n"
        try box.generate([planFile("docs/conflicts.md", text)])
        #expect(try box.plan([planFile("docs/conflicts.md", text)]).file(at: "docs/conflicts.md")?.action == .unchanged)
        try box.write("docs/conflicts.md", text + "edited\n")
        #expect(throws: DiagnosticsError.self) { try box.plan([planFile("docs/conflicts.md", text)]) }
    }

    @Test("CRLF files merge with their line endings kept")
    func crlf() throws {
        let box = try PlanSandbox()
        let base = "a\r\nb\r\nc\r\nd\r\ne\r\n"
        try box.generate([planFile("w.bat", base)])
        try box.write("w.bat", "a mine\r\nb\r\nc\r\nd\r\ne\r\n")
        try box.generate([planFile("w.bat", "a\r\nb\r\nc\r\nd\r\ne v2\r\n")])
        #expect(box.read("w.bat") == "a mine\r\nb\r\nc\r\nd\r\ne v2\r\n")
    }

    @Test("binary file edited and changed: yours untouched, the new version beside it; refused until resolved")
    func binaryConflict() throws {
        let box = try PlanSandbox()
        func binary(_ text: String) -> RenderedFile {
            RenderedFile(path: "logo.bin", contents: Data([0]) + Data(text.utf8), plugin: "fixture", template: "logo")
        }
        try box.generate([binary("v1")])
        try Data([0, 0x6D, 0x69, 0x6E, 0x65]).write(to: box.url("logo.bin"))
        let (plan, report) = try box.generate([binary("v2")])
        let file = try #require(plan.file(at: "logo.bin"))
        #expect(file.action == .conflict && file.newRenderingPath == "logo.bin.authgen-new" && file.contentsToWrite == nil)
        #expect(report.newRenderings == ["logo.bin.authgen-new"] && report.filesWritten == 0)
        #expect(try Data(contentsOf: box.url("logo.bin")) == Data([0, 0x6D, 0x69, 0x6E, 0x65]))
        #expect(try Data(contentsOf: box.url("logo.bin.authgen-new")) == Data([0]) + Data("v2".utf8))
        let error = try #require(throws: DiagnosticsError.self) { try box.plan([binary("v2")]) }
        #expect(error.description.contains("logo.bin.authgen-new"))
        try box.remove("logo.bin.authgen-new") // keep mine
        #expect(try box.plan([binary("v2")]).file(at: "logo.bin")?.action == .keep)
    }

    @Test("no longer rendered and not edited: deleted with its base copy and the empty folders the generation made")
    func deleteOrphan() throws {
        let box = try PlanSandbox()
        try FileManager.default.createDirectory(at: box.url("mine"), withIntermediateDirectories: true)
        try box.generate([planFile("a.txt", "A\n"), planFile("feature/deep/x.txt", "X\n"), planFile("mine/y.txt", "Y\n"),
                          planFile("feature/keep.txt", "K\n")])
        #expect(try box.manifest()?.directories == ["feature", "feature/deep"])
        let (plan, report) = try box.generate([planFile("a.txt", "A\n"), planFile("feature/keep.txt", "K\n")])
        #expect(plan.file(at: "feature/deep/x.txt")?.action == .delete)
        #expect(plan.file(at: "mine/y.txt")?.action == .delete)
        #expect(report.deleted == ["feature/deep/x.txt", "mine/y.txt"])
        #expect(report.removedDirectories == ["feature/deep"])
        #expect(!box.exists("feature/deep") && box.exists("feature/keep.txt"))
        #expect(box.exists("mine"), "a folder the user made stays, even empty")
        #expect(!box.exists(BaseStore.relativePath(of: "feature/deep/x.txt")))
        let manifest = try #require(try box.manifest())
        #expect(manifest.files["feature/deep/x.txt"] == nil && manifest.directories == ["feature"])
    }

    @Test("user-owned files: created once when missing, never touched after, never deleted")
    func userOwned() throws {
        let box = try PlanSandbox()
        try box.generate([planFile(".env", "S=1\n", owner: .user)])
        try box.write(".env", "S=mine\n")
        let (plan, _) = try box.generate([planFile(".env", "S=2\n", owner: .user)])
        #expect(plan.file(at: ".env")?.action == .skip && box.read(".env") == "S=mine\n")
        let (gone, _) = try box.generate([])
        #expect(gone.file(at: ".env")?.action == .orphan && box.read(".env") == "S=mine\n")
    }

    @Test("a run that stopped between a merged file and its manifest is repaired by the next run, the edit intact")
    func interruptedMerge() throws {
        let box = try PlanSandbox()
        try box.generate([planFile("f.txt", Self.base)])
        let oldManifest = try Data(contentsOf: GenerationManifest.url(in: box.output))
        let mine = Self.base.replacingOccurrences(of: "generated line 1\n", with: "my line 1\n")
        try box.write("f.txt", mine)
        let theirs = Self.base.replacingOccurrences(of: "generated line 9", with: "generated line 9 v2")
        try box.generate([planFile("f.txt", theirs)])
        let merged = try #require(box.read("f.txt"))
        // As if the process died after renaming the merged file into place: old manifest, old base copy.
        try oldManifest.write(to: GenerationManifest.url(in: box.output))
        try box.write(BaseStore.relativePath(of: "f.txt"), Self.base)
        let (plan, report) = try box.generate([planFile("f.txt", theirs)])
        #expect(plan.file(at: "f.txt")?.action == .keep)
        #expect(report.filesWritten == 0 && box.read("f.txt") == merged)
        #expect(try box.manifest()?.files["f.txt"]?.sha256 == planSHA(theirs))
        #expect(box.read(BaseStore.relativePath(of: "f.txt")) == theirs)
    }

    @Test("--restore of a path this generation does not render is an error")
    func restoreUnknown() throws {
        let box = try PlanSandbox()
        let error = try #require(throws: DiagnosticsError.self) {
            try Planner.plan(RenderedProject(files: [planFile("a.txt", "A\n")]), outputDirectory: box.output, previous: nil,
                             generatorVersion: "0.1.0", specHash: "s", restore: ["nope.txt"])
        }
        #expect(error.description.contains("--restore 'nope.txt'"))
    }

    @Test("property: random user edits away from the lines a spec change touches always survive regeneration (200 seeded runs)")
    func userEditsSurvive() throws {
        var random = SeededRandom(seed: 20_261_125)
        for iteration in 0..<200 {
            let box = try PlanSandbox()
            let count = Int.random(in: 8...40, using: &random)
            let base = (0..<count).map { "let generated\($0) = \($0)" }
            // The spec change: a few base lines replaced, deleted, or followed by new lines.
            var theirsAt: [Int: [String]] = [:]
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let i = Int.random(in: 0..<count, using: &random)
                theirsAt[i] = Self.transform(base[i], tag: "spec\(iteration)_\(i)", using: &random)
            }
            // The user's edits: only on lines at least 3 away from any line the spec change touches.
            var oursAt: [Int: [String]] = [:]
            for i in 0..<count where theirsAt.keys.allSatisfy({ abs($0 - i) >= 3 }) && Bool.random(using: &random) {
                oursAt[i] = Self.transform(base[i], tag: "mine\(iteration)_\(i)", using: &random)
            }
            func apply(_ edits: [Int: [String]]...) -> String {
                (0..<count).flatMap { i in edits.lazy.compactMap { $0[i] }.first ?? [base[i]] }.map { $0 + "\n" }.joined()
            }
            let baseText = apply(), theirs = apply(theirsAt), mine = apply(oursAt)
            try box.generate([planFile("Sources/App/Generated.swift", baseText)])
            try box.write("Sources/App/Generated.swift", mine)
            let (plan, _) = try box.generate([planFile("Sources/App/Generated.swift", theirs)])
            let expected = apply(oursAt, theirsAt)
            let action = plan.file(at: "Sources/App/Generated.swift")?.action
            let onDisk = box.read("Sources/App/Generated.swift")
            #expect(onDisk == expected, "iteration \(iteration): \(String(describing: action))")
            if onDisk != expected { return }
        }
    }

    /// A base line replaced, deleted, or followed by a new one.
    static func transform(_ line: String, tag: String, using random: inout SeededRandom) -> [String] {
        switch Int.random(in: 0..<3, using: &random) {
        case 0: ["let \(tag) = 0"]
        case 1: []
        default: [line, "let \(tag) = 1"]
        }
    }
}
