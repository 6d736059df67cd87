@testable import AuthGenCore
import Foundation

/// The golden specs (`Tests/Fixtures/specs/NAME.yaml`) and their stored output trees (`Tests/Fixtures/golden/NAME/`).
///
/// Every stored file carries the suffix `.golden` (`Package.swift.golden`, `.gitignore.golden`), so that the
/// generated `.gitignore` does not hide the stored `.env` from git and no tool takes a stored file for a real one.
enum GoldenFiles {
    static let fixtures = Fixtures.repository.appendingPathComponent("Tests/Fixtures")
    static let specs = fixtures.appendingPathComponent("specs")
    static let trees = fixtures.appendingPathComponent("golden")
    static let suffix = ".golden"
    /// Set (to anything but empty) to rewrite the stored trees instead of comparing: `make update-golden`.
    static let updateVariable = "AUTHGEN_UPDATE_GOLDEN"

    static var updating: Bool { !(ProcessInfo.processInfo.environment[updateVariable] ?? "").isEmpty }

    /// The spec names (file names without `.yaml`), sorted.
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: specs.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }

    static func spec(_ name: String) -> URL { specs.appendingPathComponent("\(name).yaml") }
    static func tree(_ name: String) -> URL { trees.appendingPathComponent(name) }

    /// The stored tree of `name`: output path → bytes (suffix removed). Empty when nothing is stored yet.
    static func stored(_ name: String) throws -> [String: Data] {
        let root = tree(name)
        var files: [String: Data] = [:]
        for path in try relativeFiles(under: root) {
            let outputPath = path.hasSuffix(suffix) ? String(path.dropLast(suffix.count)) : path
            files[outputPath] = try Data(contentsOf: root.appendingPathComponent(path))
        }
        return files
    }

    /// Replaces the stored tree of `name` with `files`.
    static func store(_ files: [String: Data], as name: String) throws {
        let root = tree(name)
        try? FileManager.default.removeItem(at: root)
        for (path, contents) in files {
            let url = root.appendingPathComponent(path + suffix)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url)
        }
    }

    /// Every regular file under `root`, as paths relative to it (hidden files included), sorted.
    static func relativeFiles(under root: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: root.path) else { return [] }
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        let prefix = root.resolvingSymlinksInPath().path + "/"
        var paths: [String] = []
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let full = url.resolvingSymlinksInPath().path
            paths.append(full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : url.lastPathComponent)
        }
        return paths.sorted()
    }
}

/// What a first generation of a spec writes into an empty folder, computed in memory by the real stages
/// (spec → context → render → plan) without writing anything.
enum GoldenTree {
    /// The secret maker of golden renderings: stable bytes, obviously not a real secret.
    static let contextBuilder = ContextBuilder(makeSecret: { "golden-fixed-value-not-a-secret" }, makeKeyBytes: { Array(repeating: 0x2A, count: 32) })

    /// Output path → bytes: every file the plan writes, and `.authgen/manifest.json` as the write stage would record
    /// it. Base copies (`.authgen/base/…`) are not part of the tree: they are the generated files themselves, which
    /// `render` checks.
    static func render(spec: URL) throws -> [String: Data] {
        let generator = Generator(pluginFolders: [Fixtures.repository.appendingPathComponent("Templates")],
                                  contextBuilder: contextBuilder)
        // A folder that does not exist: the plan sees an empty disk and no previous manifest.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("authgen-golden-\(UUID().uuidString)")
        let outcome = try generator.generate(specPath: spec.path, outputDirectory: output, write: false)
        var files: [String: Data] = [:]
        var directories: Set<String> = []
        for file in outcome.plan.files {
            guard let contents = file.contentsToWrite else {
                throw GoldenError("'\(file.path)' is '\(file.action.rawValue)' in a first generation; expected 'create'")
            }
            if let base = file.baseToWrite, base != contents {
                throw GoldenError("the base copy of '\(file.path)' differs from the file")
            }
            files[file.path] = contents
            // The write stage records every folder it creates; in an empty output folder that is every parent.
            var parent = (file.path as NSString).deletingLastPathComponent
            while !parent.isEmpty {
                directories.insert(parent)
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        var manifest = outcome.plan.manifest
        manifest.directories = directories
        files[GenerationManifest.relativePath] = manifest.encoded()
        return files
    }
}

struct GoldenError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
