@testable import AuthGenCore
import Foundation
import Testing

/// Golden tests: each spec under `Tests/Fixtures/specs/` renders, byte for byte, the tree stored under
/// `Tests/Fixtures/golden/<spec name>/`. After an intended change, `make update-golden` rewrites the trees
/// (this same test with `AUTHGEN_UPDATE_GOLDEN=1`); review the result with `git diff` before committing it.
@Suite("Golden: every fixture spec renders its stored tree")
struct GoldenTests {
    @Test("there are golden specs, and each one has a stored tree")
    func corpus() {
        let names = GoldenFiles.names
        #expect(names.count >= 3)
        let strayTrees = ((try? FileManager.default.contentsOfDirectory(atPath: GoldenFiles.trees.path)) ?? [])
            .filter { !$0.hasPrefix(".") && !names.contains($0) }
        if GoldenFiles.updating {
            for tree in strayTrees { try? FileManager.default.removeItem(at: GoldenFiles.tree(tree)) }
            return
        }
        for name in names {
            #expect(FileManager.default.fileExists(atPath: GoldenFiles.tree(name).path),
                     "no stored tree for \(name).yaml: run `make update-golden`")
        }
        #expect(strayTrees.isEmpty, "stored trees without a spec: \(strayTrees); delete them or run `make update-golden`")
    }

    @Test("the rendering equals the stored tree: same paths, same bytes", arguments: GoldenFiles.names)
    func tree(name: String) throws {
        let rendered = try GoldenTree.render(spec: GoldenFiles.spec(name))
        if GoldenFiles.updating {
            try GoldenFiles.store(rendered, as: name)
            return
        }
        let stored = try GoldenFiles.stored(name)
        let differences = Self.differences(stored: stored, rendered: rendered)
        #expect(differences.isEmpty, """
            \(name).yaml no longer renders Tests/Fixtures/golden/\(name)/ (\(differences.count) file(s) differ; \
            `a/` is stored, `b/` is rendered). If the change is intended, run `make update-golden` and commit the result.
            \(differences.joined())
            """)
    }

    @Test("a generation written to disk holds exactly the in-memory golden tree, plus the base copies")
    func writtenTreeMatchesMemory() throws {
        let name = try #require(GoldenFiles.names.first)
        let rendered = try GoldenTree.render(spec: GoldenFiles.spec(name))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let generator = Generator(pluginFolders: [Fixtures.repository.appendingPathComponent("Templates")],
                                  contextBuilder: GoldenTree.contextBuilder)
        _ = try generator.generate(specPath: GoldenFiles.spec(name).path, outputDirectory: folder.url, write: true)
        var onDisk: [String: Data] = [:]
        var baseCopies: [String: Data] = [:]
        for path in try GoldenFiles.relativeFiles(under: folder.url) {
            let contents = try Data(contentsOf: folder.url.appendingPathComponent(path))
            if path.hasPrefix(BaseStore.directory + "/") {
                baseCopies[String(path.dropFirst(BaseStore.directory.count + 1))] = contents
            } else {
                onDisk[path] = contents
            }
        }
        #expect(Self.differences(stored: onDisk, rendered: rendered).isEmpty)
        #expect(!baseCopies.isEmpty)
        for (path, contents) in baseCopies {
            #expect(rendered[path] == contents, "base copy of \(path)")
        }
    }

    @Test("a difference shows as a unified diff, and missing and extra files are both named")
    func differencesAreReported() {
        let stored = ["same.txt": Data("a\n".utf8), "changed.txt": Data("one\ntwo\n".utf8), "gone.txt": Data("x\n".utf8)]
        let rendered = ["same.txt": Data("a\n".utf8), "changed.txt": Data("one\n2\n".utf8), "new.txt": Data("y\n".utf8)]
        let text = Self.differences(stored: stored, rendered: rendered).joined()
        #expect(text.contains("--- a/changed.txt\n+++ b/changed.txt\n"))
        #expect(text.contains("-two\n+2\n"))
        #expect(text.contains("--- a/gone.txt\n+++ /dev/null\n"))
        #expect(text.contains("--- /dev/null\n+++ b/new.txt\n"))
        #expect(!text.contains("same.txt"))
        #expect(Self.differences(stored: stored, rendered: stored).isEmpty)
    }

    /// One unified diff per path that differs, in path order: changed, missing from the rendering, or new in it.
    static func differences(stored: [String: Data], rendered: [String: Data]) -> [String] {
        Set(stored.keys).union(rendered.keys).sorted().compactMap { path in
            let diff = UnifiedDiff.make(path: path, old: stored[path], new: rendered[path])
            return diff.isEmpty ? nil : diff
        }
    }
}
