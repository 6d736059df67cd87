import Foundation
import Testing
@testable import AuthGenCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary folder holding an output directory (`out/`) and a place beside it (`outside/`),
/// with helpers to render, plan and apply generations. Removed when released.
final class PlanSandbox {
    let root: URL
    let output: URL
    let outside: URL

    init() throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        root = base.appendingPathComponent("authgen-plan-\(UUID().uuidString)", isDirectory: true)
        output = root.appendingPathComponent("out", isDirectory: true)
        outside = root.appendingPathComponent("outside", isDirectory: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    }

    deinit {
        // Make everything writable again (a test may have locked a folder), then remove.
        if let paths = FileManager.default.enumerator(atPath: root.path) {
            for case let path as String in paths { chmod(root.path + "/" + path, 0o755) }
        }
        try? FileManager.default.removeItem(at: root)
    }

    func url(_ path: String) -> URL { output.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) -> String? {
        (try? Data(contentsOf: url(path))).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(output.path + "/" + path, &info) == 0
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(at: url(path)) }

    func manifest() throws -> GenerationManifest? { try GenerationManifest.read(from: output) }

    func plan(_ files: [RenderedFile], force: Bool = false, specHash: String = String(repeating: "0", count: 64)) throws
        -> GenerationPlan
    {
        try Planner.plan(RenderedProject(files: files), outputDirectory: output, previous: try manifest(),
                         generatorVersion: "0.1.0", specHash: specHash, force: force)
    }

    @discardableResult
    func generate(_ files: [RenderedFile], force: Bool = false) throws -> (plan: GenerationPlan, report: WriteReport) {
        let plan = try plan(files, force: force)
        return (plan, try Writer.apply(plan))
    }

    /// Every file below the output directory (relative paths, sorted), `.authgen/` included.
    func allFiles() -> [String] {
        guard let paths = FileManager.default.enumerator(atPath: output.path) else { return [] }
        var files: [String] = []
        for case let path as String in paths {
            var info = stat()
            if lstat(output.path + "/" + path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { files.append(path) }
        }
        return files.sorted()
    }

    func modificationDate(_ path: String) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: url(path).path)[.modificationDate] as! Date
    }

    func setModificationDate(_ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url(path).path)
    }

    func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url(path).path)[.posixPermissions] as! NSNumber).intValue
    }
}

/// A generator-owned (or user-owned) rendered file from a test plugin.
func planFile(_ path: String, _ text: String, owner: FileOwner = .generator, plugin: String = "fixture",
              template: String? = nil) -> RenderedFile {
    RenderedFile(path: path, contents: Data(text.utf8), plugin: plugin, template: template ?? path + ".mustache",
                 owner: owner)
}

func planSHA(_ text: String) -> String { SHA256.hexDigest(of: Data(text.utf8)) }
