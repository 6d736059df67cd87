import Foundation
import Testing
@testable import AuthGenCore

/// `git merge-file`, the oracle for our own three-way merge (test time only; authgen never runs git).
enum GitMergeFile {
    static let git: String? = ["/usr/bin/git", "/usr/local/bin/git", "/opt/homebrew/bin/git"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// git's merge of the three sides: the bytes and the number of conflicts, or nil when git refuses (binary).
    static func merge(base: Data, ours: Data, theirs: Data) throws -> (contents: Data, conflicts: Int)? {
        guard let git else { return nil }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let paths = ["ours", "base", "theirs"].map { folder.url.appendingPathComponent($0) }
        try ours.write(to: paths[0])
        try base.write(to: paths[1])
        try theirs.write(to: paths[2])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["merge-file", "--diff3", "-p", "-L", ThreeWayMerge.oursLabel, "-L", ThreeWayMerge.baseLabel,
                             "-L", ThreeWayMerge.theirsLabel] + paths.map(\.path)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        _ = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = Int(process.terminationStatus)
        if status >= 128 { return nil } // "Cannot merge binary files" and other refusals
        return (data, status)
    }
}

@Suite("Three-way merge")
struct ThreeWayMergeTests {
    static let corpus = Fixtures.folder.appendingPathComponent("merge-cases")

    static var caseNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test("the corpus holds at least 30 cases")
    func corpusSize() {
        #expect(Self.caseNames.count >= 30)
    }

    @Test("each corpus case merges byte for byte as git merge-file --diff3 does", .enabled(if: GitMergeFile.git != nil, "git is not installed"),
          arguments: caseNames)
    func matchesGit(name: String) throws {
        let folder = Self.corpus.appendingPathComponent(name)
        let base = try Data(contentsOf: folder.appendingPathComponent("base"))
        let ours = try Data(contentsOf: folder.appendingPathComponent("ours"))
        let theirs = try Data(contentsOf: folder.appendingPathComponent("theirs"))
        let mine = ThreeWayMerge.merge(base: base, ours: ours, theirs: theirs)
        let git = try GitMergeFile.merge(base: base, ours: ours, theirs: theirs)
        #expect((mine == nil) == (git == nil), "both refuse binary files, or neither")
        guard let mine, let git else { return }
        #expect(mine.conflicts == git.conflicts)
        #expect(mine.contents == git.contents,
                "ours:\n\(String(decoding: mine.contents, as: UTF8.self))\ngit:\n\(String(decoding: git.contents, as: UTF8.self))")
    }

    @Test("random edits on both sides merge as git does (seeded)", .enabled(if: GitMergeFile.git != nil, "git is not installed"))
    func randomAgainstGit() throws {
        var random = SeededRandom(seed: 0xA17_6E9)
        for _ in 0..<60 {
            let base = (0..<Int.random(in: 0...25, using: &random)).map { _ in "l\(Int.random(in: 0..<8, using: &random))" }
            let ours = RandomEdits.edit(base, using: &random, tag: "yours")
            let theirs = RandomEdits.edit(base, using: &random, tag: "gen")
            let data = [base, ours, theirs].map { Data($0.map { $0 + "\n" }.joined().utf8) }
            let mine = try #require(ThreeWayMerge.merge(base: data[0], ours: data[1], theirs: data[2]))
            let git = try #require(try GitMergeFile.merge(base: data[0], ours: data[1], theirs: data[2]))
            // The diff under a merge can differ from git's in ambiguous cases (many equal lines); the guarantee we
            // check: same clean/conflict verdict, and on a clean merge the same bytes.
            #expect(mine.isClean == (git.conflicts == 0), "base \(base) ours \(ours) theirs \(theirs)")
            if mine.isClean && git.conflicts == 0 {
                #expect(mine.contents == git.contents, "base \(base) ours \(ours) theirs \(theirs)")
            }
        }
    }

    @Test("a clean merge keeps both sides' changes; a conflict keeps every line of yours between the markers")
    func markersAndCleanMerge() throws {
        let base = Data("a\nb\nc\nd\ne\n".utf8)
        let clean = try #require(ThreeWayMerge.merge(base: base, ours: Data("A\nb\nc\nd\ne\n".utf8),
                                                     theirs: Data("a\nb\nc\nd\nE\n".utf8)))
        #expect(clean.isClean && String(decoding: clean.contents, as: UTF8.self) == "A\nb\nc\nd\nE\n")
        let conflict = try #require(ThreeWayMerge.merge(base: base, ours: Data("a\nb\nmine\nd\ne\n".utf8),
                                                        theirs: Data("a\nb\nnew\nd\ne\n".utf8)))
        #expect(conflict.conflicts == 1)
        #expect(String(decoding: conflict.contents, as: UTF8.self) == """
            a
            b
            <<<<<<< yours
            mine
            ||||||| generated before
            c
            =======
            new
            >>>>>>> generated now
            d
            e

            """)
        #expect(UnresolvedConflicts.markerLines(in: conflict.contents) == [3])
    }

    @Test("binary files are not merged")
    func binary() {
        #expect(ThreeWayMerge.merge(base: Data([0, 1]), ours: Data([0, 2]), theirs: Data([0, 3])) == nil)
        #expect(ThreeWayMerge.merge(base: Data("a\n".utf8), ours: Data("b\n".utf8), theirs: Data([0x61, 0, 0x0A])) == nil)
    }

    @Test("unified diff: hunks with context, a missing final newline, creation and deletion")
    func unifiedDiff() {
        let diff = UnifiedDiff.make(path: "f.txt", old: Data("1\n2\n3\n4\n5\n6\n7\n8\n9\n".utf8),
                                    new: Data("1\n2\n3\n4\nfive\n6\n7\n8\n9".utf8))
        #expect(diff == """
            --- a/f.txt
            +++ b/f.txt
            @@ -2,8 +2,8 @@
             2
             3
             4
            -5
            +five
             6
             7
             8
            -9
            +9
            \\ No newline at end of file

            """)
        #expect(UnifiedDiff.make(path: "n", old: nil, new: Data("x\n".utf8)) == "--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+x\n")
        #expect(UnifiedDiff.make(path: "n", old: Data("x\n".utf8), new: nil) == "--- a/n\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
        #expect(UnifiedDiff.make(path: "n", old: Data("x\n".utf8), new: Data("x\n".utf8)) == "")
    }
}

/// A small deterministic generator (SplitMix64), so random tests replay exactly.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum RandomEdits {
    /// A few random line insertions, deletions and replacements.
    static func edit(_ lines: [String], using random: inout SeededRandom, tag: String) -> [String] {
        var result = lines
        for step in 0..<Int.random(in: 0...3, using: &random) {
            let position = Int.random(in: 0...result.count, using: &random)
            let kind = Int.random(in: 0..<3, using: &random)
            if kind == 0 || position == result.count {
                result.insert("\(tag) \(step)", at: position)
            } else if kind == 1 {
                result.remove(at: position)
            } else {
                result[position] = "\(tag) \(step)"
            }
        }
        return result
    }
}
