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
    /// Edited on disk, rendering unchanged since the last generation (or the edit already holds the new
    /// rendering's change): the user's file stays.
    case keep
    /// Edited on disk and the rendering changed: the three-way merge of both is written.
    case merge
    /// Edited on disk and the rendering changed in the same lines: written with diff3 conflict markers; or not written
    /// at all when no merge is possible (no base copy, or a binary file, whose new rendering goes beside it).
    case conflict
    /// No longer rendered and not edited: removed (with its base copy and the empty folders the generation created).
    case delete
    /// No longer rendered and edited (or user-owned): left in place and reported; or already gone: dropped.
    case orphan
    /// On disk and byte-identical to the rendering: not written at all.
    case unchanged
    /// User-owned and on disk, user-owned and deleted, or generator-owned and deleted by the user: never touched.
    case skip

    /// Whether this action always writes the file (a conflict writes it only when it holds markers).
    public var writes: Bool {
        switch self {
        case .create, .update, .merge: true
        case .unchanged, .keep, .conflict, .skip, .delete, .orphan: false
        }
    }
}

/// One output path of a plan, with its action and why.
public struct PlannedFile: Sendable, Equatable {
    /// Relative to the output directory.
    public var path: String
    public var action: FileAction
    /// The new rendering; nil for orphans and deletions.
    public var rendered: RenderedFile?
    /// Short, for people: why this action, and for a conflict how to resolve it.
    public var reason: String
    /// The bytes the writer puts at `path`: the rendering, the merge, or the merge with conflict markers; nil: not written.
    public var contentsToWrite: Data?
    /// Whether a file (or a link to one) was at `path` when the plan was made.
    public var existedOnDisk: Bool
    /// SHA-256 of the bytes on disk when the plan was made; nil when absent or not read (user-owned files are never read).
    /// The writer refuses to overwrite or delete a file whose bytes changed since.
    public var diskSHA256: String?
    /// The bytes on disk when the plan was made (generator-owned files only), for `--diff`.
    public var diskContents: Data?
    /// What the previous manifest recorded for this path.
    public var previous: GenerationManifest.Entry?
    /// The new base copy to store at `.authgen/base/<path>` once the file is applied; nil: the base copy stays as it is.
    public var baseToWrite: Data?
    /// Whether the base copy of `path` is removed.
    public var removesBase: Bool
    /// For a binary file in conflict: where the new rendering is written beside the user's file (`<path>.authgen-new`).
    public var newRenderingPath: String?
    /// 1-based lines of the `<<<<<<<` markers in `contentsToWrite` (conflicts only).
    public var conflictLines: [Int]

    public init(path: String, action: FileAction, rendered: RenderedFile?, reason: String,
                contentsToWrite: Data? = nil, existedOnDisk: Bool = false, diskSHA256: String? = nil,
                diskContents: Data? = nil, previous: GenerationManifest.Entry? = nil, baseToWrite: Data? = nil,
                removesBase: Bool = false, newRenderingPath: String? = nil, conflictLines: [Int] = []) {
        self.path = path
        self.action = action
        self.rendered = rendered
        self.reason = reason
        self.contentsToWrite = contentsToWrite
        self.existedOnDisk = existedOnDisk
        self.diskSHA256 = diskSHA256
        self.diskContents = diskContents
        self.previous = previous
        self.baseToWrite = baseToWrite
        self.removesBase = removesBase
        self.newRenderingPath = newRenderingPath
        self.conflictLines = conflictLines
    }

    /// Whether applying the plan changes the output directory for this path (base copies aside).
    public var changesDisk: Bool { contentsToWrite != nil || action == .delete || newRenderingPath != nil }

    /// Whether the file holds (or would hold) a secret: never printed in a diff.
    public var isSecret: Bool { rendered?.isSecret ?? false }

    /// The unified diff of what applying the plan puts at `path` against what is on disk now; empty when nothing
    /// changes there, and a placeholder line for secret files.
    public var diff: String {
        guard changesDisk else { return "" }
        if isSecret { return "(secret file: no diff shown)\n" }
        if action == .delete { return UnifiedDiff.make(path: path, old: diskContents, new: nil) }
        if let side = newRenderingPath, let rendered {
            return UnifiedDiff.make(path: side, old: nil, new: rendered.contents)
        }
        return UnifiedDiff.make(path: path, old: existedOnDisk ? (diskContents ?? Data()) : nil, new: contentsToWrite)
    }
}

/// Everything a generation would do to an output directory, computed before anything is written.
public struct GenerationPlan: Sendable, Equatable {
    public var outputDirectory: URL
    /// Sorted by path: every rendered file, then orphans, interleaved in path order.
    public var files: [PlannedFile]
    /// The manifest found on disk when planning (nil on a first generation).
    public var previousManifest: GenerationManifest?
    /// The manifest to write once every change is applied (the writer adds the folders it creates or removes).
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

    /// The files applying the plan would write or delete.
    public var changes: [PlannedFile] { files.filter(\.changesDisk) }

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
}

/// The Plan stage: compares the rendering with the output directory, the previous manifest and the base copies.
/// Reads the disk, writes nothing.
public enum Planner {
    /// - Parameter restore: generator-owned paths the user deleted and wants back (`--restore`).
    /// - Throws: `UnresolvedConflictsError` when a file still holds conflict markers (or an `.authgen-new` file)
    ///   from an earlier run; `DiagnosticsError` for unsafe paths and unreadable files.
    public static func plan(
        _ project: RenderedProject,
        outputDirectory: URL,
        previous: GenerationManifest?,
        generatorVersion: String,
        specHash: String,
        force: Bool = false,
        restore: Set<String> = [],
        migrations: MigrationHistory? = nil
    ) throws -> GenerationPlan {
        var diagnostics = pathDiagnostics(project.files, in: outputDirectory)
        if let reason = OutputPath.diskProblem(GenerationManifest.relativePath, in: outputDirectory, allowReserved: true) {
            diagnostics.append(.error("refusing to use the manifest '\(GenerationManifest.relativePath)': \(reason)"))
        }
        let renderedPaths = Set(project.files.map(\.path))
        for path in restore.sorted() where !renderedPaths.contains(path) {
            diagnostics.append(.error("--restore '\(OutputPath.printable(path))': no such file in this generation "
                + "(give the path relative to the output folder, as the plan prints it)"))
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        let previousFiles = previous?.files ?? [:]
        let watched = Set(previousFiles.filter { $0.value.owner == .generator && !$0.value.deleted }.keys)
            .union(project.files.filter { $0.owner == .generator }.map(\.path))
        var generatedHashes: [String: Set<String>] = [:]
        for (path, entry) in previousFiles { generatedHashes[path, default: []].insert(entry.sha256) }
        for file in project.files { generatedHashes[file.path, default: []].insert(SHA256.hexDigest(of: file.contents)) }
        let unresolved = UnresolvedConflicts.diagnostics(for: Array(watched), in: outputDirectory, generated: generatedHashes)
        if !unresolved.isEmpty { throw UnresolvedConflictsError(unresolved) }

        var planned: [PlannedFile] = []
        var manifest = GenerationManifest(generatorVersion: generatorVersion, specHash: specHash,
                                          directories: previous?.directories ?? [],
                                          migrations: migrations ?? previous?.migrations)

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
            var decision = classify(file, disk: disk, previous: entry, force: force,
                                    restore: restore.contains(file.path), in: outputDirectory)
            if decision.base == nil, BaseStore.keepsCopy(of: file), decision.manifestEntry?.deleted == false,
               let recorded = decision.manifestEntry, recorded.sha256 == SHA256.hexDigest(of: file.contents),
               BaseStore.read(file.path, sha256: recorded.sha256, in: outputDirectory) == nil {
                decision.base = file.contents // a missing or stale base copy is repaired
            }
            planned.append(PlannedFile(
                path: file.path, action: decision.action, rendered: file, reason: decision.reason,
                contentsToWrite: decision.contents, existedOnDisk: disk.exists, diskSHA256: disk.sha256,
                diskContents: disk.contents, previous: entry, baseToWrite: decision.base,
                removesBase: decision.removesBase && BaseStore.exists(file.path, in: outputDirectory),
                newRenderingPath: decision.newRenderingPath, conflictLines: decision.conflictLines))
            if let recorded = decision.manifestEntry { manifest.files[file.path] = recorded }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

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
        /// Bytes written at the path.
        var contents: Data?
        /// New base copy.
        var base: Data?
        var removesBase = false
        var newRenderingPath: String?
        var conflictLines: [Int] = []
    }

    /// The heart of the planner: one rendered file, what is on disk, what the last generation recorded, and the
    /// base copy for the three-way merge.
    static func classify(_ file: RenderedFile, disk: DiskObservation, previous: GenerationManifest.Entry?,
                         force: Bool, restore: Bool = false, in outputDirectory: URL) -> Decision {
        let generated = GenerationManifest.Entry(file)
        let newBase = BaseStore.keepsCopy(of: file) ? file.contents : nil
        func written(_ action: FileAction, _ reason: String) -> Decision {
            Decision(action: action, reason: reason, manifestEntry: generated, contents: file.contents, base: newBase)
        }
        if file.owner == .user {
            switch (disk.exists, previous) {
            case (false, nil):
                return written(.create, "user-owned: created once, never touched again")
            case (false, _) where restore:
                return written(.create, "user-owned, deleted since it was created: created again (--restore)")
            case (false, let recorded?):
                return Decision(action: .skip, reason: "user-owned and deleted since it was created: stays deleted; "
                                    + "`--restore \(file.path)` brings it back",
                                manifestEntry: recorded)
            case (true, let recorded):
                return Decision(action: .skip, reason: "user-owned: never touched once it exists",
                                manifestEntry: recorded ?? generated)
            }
        }
        guard disk.exists, let diskHash = disk.sha256, let ours = disk.contents else {
            guard let previous else { return written(.create, "new file") }
            if restore { return written(.create, "deleted by you: created again (--restore)") }
            var deleted = previous
            deleted.deleted = true
            return Decision(action: .skip, reason: "deleted by you; `--restore \(file.path)` brings it back",
                            manifestEntry: deleted, removesBase: true)
        }
        if diskHash == generated.sha256 {
            return Decision(action: .unchanged, reason: "up to date", manifestEntry: generated)
        }
        guard let previous else {
            if force { return written(.update, "differs on disk and was not generated before: overwritten (--force)") }
            return Decision(
                action: .conflict,
                reason: "exists on disk with other contents and no record of an earlier generation: not written; "
                    + "reconcile it by hand or run with --force to overwrite it",
                manifestEntry: nil)
        }
        var recorded = previous
        recorded.deleted = false
        if diskHash == previous.sha256 {
            return written(.update, "generated content changed; the file was not edited")
        }
        if generated.sha256 == previous.sha256 {
            return Decision(action: .keep, reason: "edited on disk; generated content unchanged: your version stays",
                            manifestEntry: recorded)
        }
        if force { return written(.update, "edited on disk and generated content changed: overwritten (--force)") }
        guard BaseStore.keepsCopy(of: file),
              let base = BaseStore.read(file.path, sha256: previous.sha256, in: outputDirectory) else {
            return Decision(
                action: .conflict,
                reason: "edited on disk and generated content changed, and no copy of the earlier generation to merge "
                    + "against: not written; merge by hand (`--dry-run --diff` shows the new version) or run with --force "
                    + "to overwrite your edits",
                manifestEntry: recorded)
        }
        guard let merged = ThreeWayMerge.merge(base: base, ours: ours, theirs: file.contents) else {
            let side = file.path + UnresolvedConflicts.newRenderingSuffix
            if OutputPath.lexicalProblem(side) != nil || OutputPath.diskProblem(side, in: outputDirectory) != nil {
                return Decision(action: .conflict,
                                reason: "binary file edited on disk and generated content changed: not written; "
                                    + "run with --force to overwrite your version",
                                manifestEntry: recorded)
            }
            return Decision(
                action: .conflict,
                reason: "binary file edited on disk and generated content changed: yours is kept, the new version is "
                    + "written beside it as '\(side)'; move it over yours to take it, or delete it to keep yours",
                manifestEntry: generated, base: newBase, newRenderingPath: side)
        }
        if merged.isClean {
            if merged.contents == ours {
                return Decision(action: .keep, reason: "edited on disk; your version already holds the generated change",
                                manifestEntry: generated, base: newBase)
            }
            return Decision(action: .merge, reason: "edited on disk and generated content changed: merged, your edits kept",
                            manifestEntry: generated, contents: merged.contents, base: newBase)
        }
        let lines = UnresolvedConflicts.markerLines(in: merged.contents)
        return Decision(
            action: .conflict,
            reason: "edited on disk and generated content changed in the same lines: "
                + "\(merged.conflicts) conflict(s) marked in the file at line(s) \(lines.map(String.init).joined(separator: ", ")); "
                + "keep what you want, remove the markers, and run again",
            manifestEntry: generated, contents: merged.contents, base: newBase, conflictLines: lines)
    }

    private static func planOrphan(_ path: String, entry: GenerationManifest.Entry, in outputDirectory: URL)
        -> (file: PlannedFile, keepEntry: Bool)
    {
        let full = outputDirectory.path + "/" + path
        let hasBase = BaseStore.exists(path, in: outputDirectory)
        var info = stat()
        guard lstat(full, &info) == 0 else {
            return (PlannedFile(path: path, action: .orphan, rendered: nil,
                                reason: "no longer generated and already gone from disk: dropped from the manifest",
                                previous: entry, removesBase: hasBase), false)
        }
        var disk: Data?
        if entry.owner == .generator, OutputPath.diskProblem(path, in: outputDirectory) == nil,
           info.st_mode & S_IFMT == S_IFREG {
            disk = try? Data(contentsOf: URL(fileURLWithPath: full))
        }
        let diskHash = disk.map(SHA256.hexDigest(of:))
        if entry.owner == .generator, !entry.deleted, diskHash == entry.sha256 {
            return (PlannedFile(path: path, action: .delete, rendered: nil,
                                reason: "no longer generated and not edited: deleted",
                                existedOnDisk: true, diskSHA256: diskHash, diskContents: disk, previous: entry,
                                removesBase: hasBase), false)
        }
        let reason = entry.owner == .user ? "no longer generated; user-owned: left in place"
            : "no longer generated; edited on disk: left in place (delete it if it is no longer needed)"
        return (PlannedFile(path: path, action: .orphan, rendered: nil, reason: reason,
                            existedOnDisk: true, diskSHA256: diskHash, diskContents: disk, previous: entry), true)
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
        /// Nil when absent or not read.
        var contents: Data?
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
                return DiskObservation(exists: true, sha256: SHA256.hexDigest(of: data), contents: data)
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
