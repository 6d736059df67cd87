import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a generation does with one output path.
public enum FileAction: String, Codable, Sendable, CaseIterable {
    /// Not on disk: written.
    case create
    /// On disk as last generated (not edited), new rendering: written.
    case update
    /// On disk and byte-identical to the rendering: not written at all.
    case unchanged
    /// Edited on disk, rendering unchanged since the last generation: the user's file stays.
    case keep
    /// Edited on disk (or unknown to the manifest) and the rendering changed: not written.
    case conflict
    /// User-owned and on disk, or user-owned and deleted by the user: never touched.
    case skip
    /// Recorded by the previous generation, no longer rendered: left in place and reported.
    case orphan

    /// Whether applying the plan writes this file.
    public var writes: Bool {
        switch self {
        case .create, .update: true
        case .unchanged, .keep, .conflict, .skip, .orphan: false
        }
    }
}

/// One output path of a plan, with its action and why.
public struct PlannedFile: Sendable, Equatable, Encodable {
    /// Relative to the output directory.
    public var path: String
    public var action: FileAction
    /// The new rendering; nil for orphans.
    public var rendered: RenderedFile?
    /// Short, for people: why this action, and for a conflict how to resolve it.
    public var reason: String
    /// The bytes the writer puts on disk; non-nil exactly when `action.writes`.
    /// (The rendering today; a three-way merge will put merged bytes here.)
    public var contentsToWrite: Data?
    /// Whether a file (or a link to one) was at `path` when the plan was made.
    public var existedOnDisk: Bool
    /// SHA-256 of the bytes on disk when the plan was made; nil when absent or not read (user-owned files are never read).
    /// The writer refuses to overwrite a file whose bytes changed since.
    public var diskSHA256: String?
    /// What the previous manifest recorded for this path (the merge base, once base copies exist).
    public var previous: GenerationManifest.Entry?

    public init(path: String, action: FileAction, rendered: RenderedFile?, reason: String,
                contentsToWrite: Data? = nil, existedOnDisk: Bool = false, diskSHA256: String? = nil,
                previous: GenerationManifest.Entry? = nil) {
        self.path = path
        self.action = action
        self.rendered = rendered
        self.reason = reason
        self.contentsToWrite = contentsToWrite
        self.existedOnDisk = existedOnDisk
        self.diskSHA256 = diskSHA256
        self.previous = previous
    }

    private enum CodingKeys: String, CodingKey {
        case path, action, reason, plugin, template, owner
    }

    /// For `--format json`: path, action, reason and, when rendered, plugin, template and owner (never contents).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(action, forKey: .action)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(rendered?.plugin ?? previous?.plugin, forKey: .plugin)
        try container.encodeIfPresent(rendered?.template ?? previous?.template, forKey: .template)
        try container.encodeIfPresent(rendered?.owner ?? previous?.owner, forKey: .owner)
    }
}

/// Everything a generation would do to an output directory, computed before anything is written.
public struct GenerationPlan: Sendable, Equatable, Encodable {
    public var outputDirectory: URL
    /// Sorted by path: every rendered file, then orphans, interleaved in path order.
    public var files: [PlannedFile]
    /// The manifest found on disk when planning (nil on a first generation).
    public var previousManifest: GenerationManifest?
    /// The manifest to write once every change is applied.
    public var manifest: GenerationManifest
    /// False when the manifest on disk is already byte-identical to `manifest.encoded()`.
    public var manifestNeedsWrite: Bool

    public init(outputDirectory: URL, files: [PlannedFile], previousManifest: GenerationManifest?,
                manifest: GenerationManifest, manifestNeedsWrite: Bool) {
        self.outputDirectory = outputDirectory
        self.files = files.sorted { $0.path < $1.path }
        self.previousManifest = previousManifest
        self.manifest = manifest
        self.manifestNeedsWrite = manifestNeedsWrite
    }

    /// The files applying the plan would write (create and update).
    public var changes: [PlannedFile] { files.filter { $0.action.writes } }

    public var conflicts: [PlannedFile] { files.filter { $0.action == .conflict } }

    /// Nothing to write and nothing in conflict: the output is in sync with the spec (the `--check` question).
    public var isUpToDate: Bool { changes.isEmpty && conflicts.isEmpty }

    public func file(at path: String) -> PlannedFile? { files.first { $0.path == path } }

    public func count(of action: FileAction) -> Int { files.reduce(0) { $0 + ($1.action == action ? 1 : 0) } }

    /// Number of files per action; actions with no file are absent.
    public var counts: [FileAction: Int] {
        files.reduce(into: [:]) { $0[$1.action, default: 0] += 1 }
    }

    /// One line, actions in a fixed order, zero counts left out: `3 create, 1 update, 40 unchanged`.
    public var summary: String {
        let counts = counts
        let parts = FileAction.allCases.compactMap { action in counts[action].map { "\($0) \(action.rawValue)" } }
        return parts.isEmpty ? "no files" : parts.joined(separator: ", ")
    }

    private enum CodingKeys: String, CodingKey {
        case outputDirectory, summary, counts, files
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outputDirectory.path, forKey: .outputDirectory)
        try container.encode(summary, forKey: .summary)
        let counts = counts
        try container.encode(
            Dictionary(uniqueKeysWithValues: FileAction.allCases.map { ($0.rawValue, counts[$0] ?? 0) }), forKey: .counts)
        try container.encode(files, forKey: .files)
    }
}

/// The Plan stage: compares the rendering with the output directory and the previous manifest.
/// Reads the disk, writes nothing.
public enum Planner {
    public static func plan(
        _ project: RenderedProject,
        outputDirectory: URL,
        previous: GenerationManifest?,
        generatorVersion: String,
        specHash: String,
        force: Bool = false
    ) throws -> GenerationPlan {
        var diagnostics = pathDiagnostics(project.files, in: outputDirectory)
        if let reason = OutputPath.diskProblem(GenerationManifest.relativePath, in: outputDirectory, allowReserved: true) {
            diagnostics.append(.error("refusing to use the manifest '\(GenerationManifest.relativePath)': \(reason)"))
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        var planned: [PlannedFile] = []
        var manifest = GenerationManifest(generatorVersion: generatorVersion, specHash: specHash)
        let previousFiles = previous?.files ?? [:]

        for file in project.files {
            let entry = previousFiles[file.path]
            let disk: DiskObservation
            do {
                disk = try observe(file.path, in: outputDirectory, readContents: file.owner == .generator)
            } catch {
                diagnostics.append(OutputPath.diagnostic(path: file.path, plugin: file.plugin, template: file.template,
                                                         reason: error.reason))
                continue
            }
            let decision = classify(file, disk: disk, previous: entry, force: force)
            planned.append(PlannedFile(
                path: file.path, action: decision.action, rendered: file, reason: decision.reason,
                contentsToWrite: decision.action.writes ? file.contents : nil,
                existedOnDisk: disk.exists, diskSHA256: disk.sha256, previous: entry))
            if let recorded = decision.manifestEntry { manifest.files[file.path] = recorded }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        let renderedPaths = Set(project.files.map(\.path))
        for (path, entry) in previousFiles.sorted(by: { $0.key < $1.key }) where !renderedPaths.contains(path) {
            let orphan = planOrphan(path, entry: entry, in: outputDirectory)
            planned.append(orphan.file)
            if orphan.keepEntry { manifest.files[path] = entry }
        }

        let onDisk = try? Data(contentsOf: GenerationManifest.url(in: outputDirectory))
        return GenerationPlan(outputDirectory: outputDirectory, files: planned, previousManifest: previous,
                              manifest: manifest, manifestNeedsWrite: onDisk != manifest.encoded())
    }

    // MARK: - Classification

    struct Decision {
        var action: FileAction
        var reason: String
        /// What the new manifest records for the path; nil: no record.
        var manifestEntry: GenerationManifest.Entry?
    }

    /// The heart of the planner: one rendered file, what is on disk, what the last generation recorded.
    /// (The three-way merge slots in at the `conflict` branches once base copies are kept.)
    static func classify(_ file: RenderedFile, disk: DiskObservation, previous: GenerationManifest.Entry?,
                         force: Bool) -> Decision {
        let generated = GenerationManifest.Entry(file)
        if file.owner == .user {
            switch (disk.exists, previous) {
            case (false, nil):
                return Decision(action: .create, reason: "user-owned: created once, never touched again",
                                manifestEntry: generated)
            case (false, let recorded?):
                return Decision(action: .skip, reason: "user-owned and deleted since it was created: stays deleted",
                                manifestEntry: recorded)
            case (true, let recorded):
                return Decision(action: .skip, reason: "user-owned: never touched once it exists",
                                manifestEntry: recorded ?? generated)
            }
        }
        guard disk.exists, let diskHash = disk.sha256 else {
            let reason = previous == nil ? "new file" : "missing on disk though generated before: created again"
            return Decision(action: .create, reason: reason, manifestEntry: generated)
        }
        if diskHash == generated.sha256 {
            return Decision(action: .unchanged, reason: "up to date", manifestEntry: generated)
        }
        guard let previous else {
            if force {
                return Decision(action: .update, reason: "differs on disk and was not generated before: overwritten (--force)",
                                manifestEntry: generated)
            }
            return Decision(
                action: .conflict,
                reason: "exists on disk with other contents and no record of an earlier generation: not written; "
                    + "reconcile it by hand or run with --force to overwrite it",
                manifestEntry: nil)
        }
        if diskHash == previous.sha256 {
            return Decision(action: .update, reason: "generated content changed; the file was not edited",
                            manifestEntry: generated)
        }
        if generated.sha256 == previous.sha256 {
            return Decision(action: .keep, reason: "edited on disk; generated content unchanged: your version stays",
                            manifestEntry: previous)
        }
        if force {
            return Decision(action: .update, reason: "edited on disk and generated content changed: overwritten (--force)",
                            manifestEntry: generated)
        }
        return Decision(
            action: .conflict,
            reason: "edited on disk and generated content changed: not written (no three-way merge yet); "
                + "merge by hand or run with --force to overwrite your edits",
            manifestEntry: previous)
    }

    private static func planOrphan(_ path: String, entry: GenerationManifest.Entry, in outputDirectory: URL)
        -> (file: PlannedFile, keepEntry: Bool)
    {
        let full = outputDirectory.path + "/" + path
        var info = stat()
        guard lstat(full, &info) == 0 else {
            return (PlannedFile(path: path, action: .orphan, rendered: nil,
                                reason: "no longer generated and already gone from disk: dropped from the manifest",
                                previous: entry), false)
        }
        var diskHash: String?
        if entry.owner == .generator, OutputPath.diskProblem(path, in: outputDirectory) == nil,
           let data = try? Data(contentsOf: URL(fileURLWithPath: full)) {
            diskHash = SHA256.hexDigest(of: data)
        }
        let reason: String
        if entry.owner == .user {
            reason = "no longer generated; user-owned: left in place"
        } else if diskHash == entry.sha256 {
            reason = "no longer generated; not edited: left in place (delete it if it is no longer needed)"
        } else {
            reason = "no longer generated; edited on disk: left in place"
        }
        return (PlannedFile(path: path, action: .orphan, rendered: nil, reason: reason,
                            existedOnDisk: true, diskSHA256: diskHash, previous: entry), true)
    }

    // MARK: - Paths

    /// Lexical and on-disk problems, duplicate paths, and a path that is both a file and a folder of another.
    static func pathDiagnostics(_ files: [RenderedFile], in outputDirectory: URL) -> [Diagnostic] {
        var diagnostics = OutputPath.diagnostics(for: files, in: outputDirectory)
        var byPath: [String: RenderedFile] = [:]
        for file in files {
            if let first = byPath[file.path] {
                diagnostics.append(OutputPath.diagnostic(
                    path: file.path, plugin: file.plugin, template: file.template,
                    reason: "plugin '\(first.plugin)', template '\(first.template)' renders the same path"))
            } else {
                byPath[file.path] = file
            }
        }
        for file in files {
            var prefix = ""
            for component in file.path.split(separator: "/").dropLast() {
                prefix += prefix.isEmpty ? String(component) : "/" + component
                if let other = byPath[prefix] {
                    diagnostics.append(OutputPath.diagnostic(
                        path: file.path, plugin: file.plugin, template: file.template,
                        reason: "'\(prefix)' is also rendered as a file (plugin '\(other.plugin)', template '\(other.template)')"))
                    break
                }
            }
        }
        return diagnostics
    }

    // MARK: - Disk

    struct DiskObservation {
        var exists: Bool
        /// Nil when absent or not read.
        var sha256: String?
    }

    struct DiskProblem: Error {
        var reason: String
    }

    /// What is at `path`: nothing, or a regular file (possibly through a symbolic link that stays inside).
    static func observe(_ path: String, in outputDirectory: URL, readContents: Bool) throws(DiskProblem)
        -> DiskObservation
    {
        let full = outputDirectory.path + "/" + path
        var info = stat()
        if lstat(full, &info) != 0 {
            let code = errno
            if code == ENOENT { return DiskObservation(exists: false, sha256: nil) }
            if code == ENOTDIR, let blocker = firstNonDirectoryParent(of: path, in: outputDirectory) {
                throw DiskProblem(reason: "'\(blocker)' on disk is a file, not a folder")
            }
            throw DiskProblem(reason: "cannot inspect it on disk: \(String(cString: strerror(code)))")
        }
        if info.st_mode & S_IFMT == S_IFLNK, stat(full, &info) != 0 {
            throw DiskProblem(reason: "it is a symbolic link that cannot be followed: \(String(cString: strerror(errno)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard readContents else { return DiskObservation(exists: true, sha256: nil) }
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: full))
                return DiskObservation(exists: true, sha256: SHA256.hexDigest(of: data))
            } catch {
                throw DiskProblem(reason: "cannot read the file on disk: \(error.localizedDescription)")
            }
        case S_IFDIR:
            throw DiskProblem(reason: "it is a folder on disk; the generator needs to write a file there")
        default:
            throw DiskProblem(reason: "it exists on disk but is not a regular file")
        }
    }

    /// The first existing prefix of `path` (excluding the path itself) that is not a folder.
    static func firstNonDirectoryParent(of path: String, in outputDirectory: URL) -> String? {
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            var info = stat()
            guard stat(outputDirectory.path + "/" + prefix, &info) == 0 else { return nil }
            if info.st_mode & S_IFMT != S_IFDIR { return prefix }
        }
        return nil
    }
}
