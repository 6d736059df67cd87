import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a generation does with one output path.
package enum FileAction: String, Codable, Sendable, CaseIterable {
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
    /// User-owned and on disk, user-owned and deleted, or generator-owned and deleted by the user: never touched
    /// (a missing user-owned secret file and a deleted orphan that is generated again are created instead).
    case skip

    /// Whether this action always writes the file (a conflict writes it only when it holds markers).
    package var writes: Bool {
        switch self {
        case .create, .update, .merge: true
        case .unchanged, .keep, .conflict, .skip, .delete, .orphan: false
        }
    }
}

/// One output path of a plan, with its action and why.
package struct PlannedFile: Sendable, Equatable {
    /// Relative to the output directory.
    package var path: String
    package var action: FileAction
    /// The new rendering; nil for orphans and deletions.
    package var rendered: RenderedFile?
    /// Short, for people: why this action, and for a conflict how to resolve it.
    package var reason: String
    /// The bytes the writer puts at `path`: the rendering, the merge, or the merge with conflict markers; nil: not written.
    package var contentsToWrite: Data?
    /// Whether a file (or a link to one) was at `path` when the plan was made.
    package var existedOnDisk: Bool
    /// SHA-256 of the bytes on disk when the plan was made; nil when absent or not read (user-owned files are never read).
    /// The writer refuses to overwrite or delete a file whose bytes changed since.
    package var diskSHA256: String?
    /// The bytes on disk when the plan was made (generator-owned files only), for `--diff`.
    package var diskContents: Data?
    /// What the previous manifest recorded for this path.
    package var previous: GenerationManifest.Entry?
    /// The new base copy to store at `.authgen/base/<path>` once the file is applied; nil: the base copy stays as it is.
    package var baseToWrite: Data?
    /// Whether the base copy of `path` is removed.
    package var removesBase: Bool
    /// For a binary file in conflict: where the new rendering is written beside the user's file (`<path>.authgen-new`).
    package var newRenderingPath: String?
    /// 1-based lines of the `<<<<<<<` markers in `contentsToWrite` (conflicts only).
    package var conflictLines: [Int]
    /// `--force PATH` overwrites the user's version: it is saved first at this path (`<path>.authgen-old`).
    package var savedCopyPath: String?

    package init(path: String, action: FileAction, rendered: RenderedFile?, reason: String,
                contentsToWrite: Data? = nil, existedOnDisk: Bool = false, diskSHA256: String? = nil,
                diskContents: Data? = nil, previous: GenerationManifest.Entry? = nil, baseToWrite: Data? = nil,
                removesBase: Bool = false, newRenderingPath: String? = nil, conflictLines: [Int] = [],
                savedCopyPath: String? = nil) {
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
        self.savedCopyPath = savedCopyPath
    }

    /// Whether applying the plan changes the output directory for this path (base copies aside).
    package var changesDisk: Bool { contentsToWrite != nil || action == .delete || newRenderingPath != nil }

    /// Whether the file holds (or would hold) a secret: never printed in a diff.
    package var isSecret: Bool { rendered?.isSecret ?? false }

    /// The unified diff of what applying the plan puts at `path` against what is on disk now; when nothing is
    /// written there (a conflict without a base copy, a kept edit, a file you deleted), the diff of the new rendering
    /// against the disk instead, so that a hand merge can start from it. Empty for unchanged files, orphans and
    /// user-owned files on disk (never read); a placeholder line for secret files.
    package var diff: String {
        guard changesDisk else {
            guard action != .unchanged, let rendered, !(existedOnDisk && diskContents == nil) else { return "" }
            if isSecret { return "(secret file: no diff shown)\n" }
            return UnifiedDiff.make(path: path, old: existedOnDisk ? diskContents : nil, new: rendered.contents)
        }
        if isSecret { return "(secret file: no diff shown)\n" }
        if action == .delete { return UnifiedDiff.make(path: path, old: diskContents, new: nil) }
        if let side = newRenderingPath, let rendered {
            return UnifiedDiff.make(path: side, old: nil, new: rendered.contents)
        }
        return UnifiedDiff.make(path: path, old: existedOnDisk ? (diskContents ?? Data()) : nil, new: contentsToWrite)
    }
}

/// Everything a generation would do to an output directory, computed before anything is written.
package struct GenerationPlan: Sendable, Equatable {
    package var outputDirectory: URL
    /// Sorted by path: every rendered file, then orphans, interleaved in path order.
    package var files: [PlannedFile]
    /// The manifest found on disk when planning (nil on a first generation).
    package var previousManifest: GenerationManifest?
    /// The manifest to write once every change is applied (the writer adds the folders it creates or removes).
    package var manifest: GenerationManifest
    /// False when the manifest on disk is already byte-identical to `manifest.encoded()`.
    package var manifestNeedsWrite: Bool
    /// `.authgen-<hex>.tmp` files an interrupted run left (output-relative, sorted): removed by the writer.
    package var staleTemporaryFiles: [String]

    package init(outputDirectory: URL, files: [PlannedFile], previousManifest: GenerationManifest?,
                manifest: GenerationManifest, manifestNeedsWrite: Bool, staleTemporaryFiles: [String] = []) {
        self.outputDirectory = outputDirectory
        self.files = files.sorted { $0.path < $1.path }
        self.previousManifest = previousManifest
        self.manifest = manifest
        self.manifestNeedsWrite = manifestNeedsWrite
        self.staleTemporaryFiles = staleTemporaryFiles
    }

    /// The files applying the plan would write or delete.
    package var changes: [PlannedFile] { files.filter(\.changesDisk) }

    package var conflicts: [PlannedFile] { files.filter { $0.action == .conflict } }

    /// Nothing to write, nothing in conflict, no temporary file to remove: the output is in sync with the spec.
    package var isUpToDate: Bool { changes.isEmpty && conflicts.isEmpty && staleTemporaryFiles.isEmpty }

    package func file(at path: String) -> PlannedFile? { files.first { $0.path == path } }

    package func count(of action: FileAction) -> Int { files.reduce(0) { $0 + ($1.action == action ? 1 : 0) } }

    /// Number of files per action; actions with no file are absent.
    package var counts: [FileAction: Int] {
        files.reduce(into: [:]) { $0[$1.action, default: 0] += 1 }
    }

    /// One line, actions in a fixed order, zero counts left out: `3 create, 1 update, 40 unchanged`.
    package var summary: String {
        let counts = counts
        let parts = FileAction.allCases.compactMap { action in counts[action].map { "\($0) \(action.rawValue)" } }
        return parts.isEmpty ? "no files" : parts.joined(separator: ", ")
    }
}

/// The Plan stage: compares the rendering with the output directory, the previous manifest and the base copies.
/// Reads the disk, writes nothing.
package enum Planner {
    /// Refuses a generation while a generator-owned file (now or in `previous`) holds conflict markers, or an
    /// `.authgen-new` file beside it, from an earlier run: the generation writes nothing until they are resolved.
    package static func checkUnresolvedConflicts(_ project: RenderedProject, previous: GenerationManifest?,
                                                in outputDirectory: URL) throws(DiagnosticsError) {
        let previousFiles = previous?.files ?? [:]
        let watched = Set(previousFiles.filter { $0.value.owner == .generator && !$0.value.deleted }.keys)
            .union(project.files.filter { $0.owner == .generator }.map(\.path))
        var generatedHashes: [String: Set<String>] = [:]
        for (path, entry) in previousFiles { generatedHashes[path, default: []].insert(entry.sha256) }
        for file in project.files { generatedHashes[file.path, default: []].insert(SHA256.hexDigest(of: file.contents)) }
        let unresolved = UnresolvedConflicts.diagnostics(for: Array(watched), in: outputDirectory, generated: generatedHashes)
        if !unresolved.isEmpty { throw DiagnosticsError(unresolved) }
    }

    /// - Parameter restore: generator-owned paths the user deleted and wants back (`--restore`).
    /// - Parameter forced: paths (or folders; `.` is every file) whose edits `--force` overwrites, after saving them
    ///   beside as `<path>.authgen-old`; `force` is every path.
    /// - Parameter accept: paths the user merged by hand (`--accept`): the version on disk is recorded as holding
    ///   the new rendering, and later changes merge against it.
    /// - Throws: for unsafe paths and unreadable files, and (see `checkUnresolvedConflicts`) when a file still
    ///   holds conflict markers (or an `.authgen-new` file) from an earlier run.
    package static func plan(
        _ project: RenderedProject,
        outputDirectory: URL,
        previous: GenerationManifest?,
        generatorVersion: String,
        specHash: String,
        force: Bool = false,
        restore: Set<String> = [],
        forced: Set<String> = [],
        accept: Set<String> = [],
        migrations: MigrationHistory? = nil
    ) throws(DiagnosticsError) -> GenerationPlan {
        var diagnostics = pathDiagnostics(project.files, in: outputDirectory)
        if let reason = OutputPath.diskProblem(GenerationManifest.relativePath, in: outputDirectory, allowReserved: true) {
            diagnostics.append(.error("refusing to use the manifest '\(GenerationManifest.relativePath)': \(reason)"))
        }
        let renderedPaths = Set(project.files.map(\.path))
        for path in restore.sorted() where !renderedPaths.contains(path) {
            diagnostics.append(.error("--restore '\(OutputPath.printable(path))': no such file in this generation "
                + "(give the path relative to the output folder, as the plan prints it)"))
        }
        for path in accept.sorted() where !renderedPaths.contains(path) {
            diagnostics.append(.error("--accept '\(OutputPath.printable(path))': no such file in this generation "
                + "(give the path relative to the output folder, as the plan prints it)"))
        }
        for path in forced.sorted() where path != "." && !renderedPaths.contains(where: { $0 == path || $0.hasPrefix(path + "/") }) {
            diagnostics.append(.error("--force '\(OutputPath.printable(path))': no such file or folder in this generation "
                + "(give the path relative to the output folder, as the plan prints it; '.' for every file)"))
        }
        func isForced(_ path: String) -> Bool {
            force || forced.contains(".") || forced.contains(path)
                || forced.contains { path.hasPrefix($0 + "/") }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        try checkUnresolvedConflicts(project, previous: previous, in: outputDirectory)
        let previousFiles = previous?.files ?? [:]

        var planned: [PlannedFile] = []
        var manifest = GenerationManifest(generatorVersion: generatorVersion, specHash: specHash,
                                          directories: previous?.directories ?? [],
                                          migrations: migrations ?? previous?.migrations)

        var blockers: Set<String> = []
        for file in project.files {
            let entry = previousFiles[file.path]
            let disk: DiskObservation
            do {
                disk = try observe(file.path, in: outputDirectory, readContents: file.owner == .generator)
            } catch {
                // A file where a folder should be blocks every path below it: one error for it, not one per path.
                if let blocker = error.blocker, !blockers.insert(blocker).inserted { continue }
                diagnostics.append(OutputPath.diagnostic(path: file.path, plugin: file.plugin, template: file.template,
                                                         reason: error.reason))
                continue
            }
            var decision = classify(file, disk: disk, previous: entry, force: isForced(file.path),
                                    restore: restore.contains(file.path), accept: accept.contains(file.path),
                                    in: outputDirectory)
            if decision.savesUserCopy, disk.exists, let ours = disk.contents, ours != file.contents {
                decision.savedCopyPath = freeSidePath(for: file.path, in: outputDirectory)
                decision.reason += "; your version is saved as '\(decision.savedCopyPath!)'"
            }
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
                newRenderingPath: decision.newRenderingPath, conflictLines: decision.conflictLines,
                savedCopyPath: decision.savedCopyPath))
            if let recorded = decision.manifestEntry { manifest.files[file.path] = recorded }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        for (path, entry) in previousFiles.sorted(by: { $0.key < $1.key }) where !renderedPaths.contains(path) {
            let orphan = planOrphan(path, entry: entry, in: outputDirectory)
            planned.append(orphan.file)
            if orphan.keepEntry { manifest.files[path] = orphanEntry(entry) }
        }

        let onDisk = try? Data(contentsOf: GenerationManifest.url(in: outputDirectory))
        let folders = Set((Array(renderedPaths) + Array(previousFiles.keys)).flatMap { path in
            [parentFolder(of: path), parentFolder(of: BaseStore.relativePath(of: path))]
        }).union([OutputPath.reservedDirectory])
        return GenerationPlan(outputDirectory: outputDirectory, files: planned, previousManifest: previous,
                              manifest: manifest, manifestNeedsWrite: onDisk != manifest.encoded(),
                              staleTemporaryFiles: staleTemporaryFiles(in: folders, of: outputDirectory))
    }

    /// Prefix and suffix of the temporary files `Writer.writeAtomically` creates beside each file it writes.
    package static let temporaryPrefix = ".authgen-", temporarySuffix = ".tmp"

    static func parentFolder(of path: String) -> String { (path as NSString).deletingLastPathComponent }

    /// The `.authgen-<hex>.tmp` regular files in `folders` (output-relative; "" is the output folder itself): left by
    /// a run that was killed between creating one and renaming it into place. The output is locked while planning,
    /// so no running generation owns them.
    static func staleTemporaryFiles(in folders: Set<String>, of outputDirectory: URL) -> [String] {
        var found: [String] = []
        for folder in folders {
            guard folder.isEmpty || (OutputPath.lexicalProblem(folder) == nil || folder.hasPrefix(OutputPath.reservedDirectory)),
                  OutputPath.diskProblem(folder, in: outputDirectory, allowReserved: true) == nil else { continue }
            let full = folder.isEmpty ? outputDirectory.path : outputDirectory.path + "/" + folder
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { continue }
            for name in names where name.hasPrefix(temporaryPrefix) && name.hasSuffix(temporarySuffix)
                && name.count > temporaryPrefix.count + temporarySuffix.count {
                var info = stat()
                if lstat(full + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                    found.append(folder.isEmpty ? name : folder + "/" + name)
                }
            }
        }
        return found.sorted()
    }

    /// `<path>.authgen-old`, or `<path>.authgen-old-2`, … : the first name free on disk.
    static func freeSidePath(for path: String, in outputDirectory: URL) -> String {
        var candidate = path + ".authgen-old"
        var number = 2
        var info = stat()
        while lstat(outputDirectory.path + "/" + candidate, &info) == 0 {
            candidate = path + ".authgen-old-\(number)"
            number += 1
        }
        return candidate
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
        /// `--force` overwrites the user's version: save it first.
        var savesUserCopy = false
        var savedCopyPath: String?
    }

    /// The heart of the planner: one rendered file, what is on disk, what the last generation recorded, and the
    /// base copy for the three-way merge.
    static func classify(_ file: RenderedFile, disk: DiskObservation, previous: GenerationManifest.Entry?,
                         force: Bool, restore: Bool = false, accept: Bool = false, in outputDirectory: URL) -> Decision {
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
            case (false, let recorded?) where recorded.orphaned:
                return written(.create, "user-owned, generated again; you deleted it while it was no longer generated: "
                                   + "created again")
            case (false, let recorded?) where file.isSecret:
                // The record stays as it was: a fresh secret in every clone must not change the committed manifest.
                var decision = written(.create, "user-owned secret file missing (it is git-ignored, so a fresh clone has "
                                           + "none): created again with a fresh secret")
                decision.manifestEntry = recorded
                return decision
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
            if previous.orphaned {
                return written(.create, "generated again; you deleted it while it was no longer generated: created again")
            }
            var deleted = previous
            deleted.deleted = true
            return Decision(action: .skip, reason: "deleted by you; `--restore \(file.path)` brings it back",
                            manifestEntry: deleted, removesBase: true)
        }
        if diskHash == generated.sha256 {
            return Decision(action: .unchanged, reason: "up to date", manifestEntry: generated)
        }
        func accepted(_ reason: String) -> Decision {
            Decision(action: .keep, reason: reason, manifestEntry: generated, base: newBase)
        }
        if accept, UnresolvedConflicts.markerLines(in: ours).isEmpty {
            return accepted("accepted as merged by you (--accept): your version stays; later changes merge against this generation")
        }
        func forced(_ reason: String) -> Decision {
            var decision = written(.update, reason)
            decision.savesUserCopy = true
            return decision
        }
        guard let previous else {
            if ThreeWayMerge.holdsEveryLine(of: file.contents, in: ours) {
                return accepted("exists on disk, not generated before, and already holds every line of the rendering: "
                                    + "taken as your merge, your version stays")
            }
            if force { return forced("differs on disk and was not generated before: overwritten (--force)") }
            return Decision(
                action: .conflict,
                reason: "exists on disk with other contents and no record of an earlier generation: not written; "
                    + "merge by hand (`--dry-run --diff` shows the new version), then `--accept \(file.path)`; "
                    + "or `--force \(file.path)` to overwrite it (your version is saved beside it)",
                manifestEntry: nil)
        }
        var recorded = previous
        recorded.deleted = false
        recorded.orphaned = false
        if diskHash == previous.sha256 {
            return written(.update, "generated content changed; the file was not edited")
        }
        if generated.sha256 == previous.sha256 {
            return Decision(action: .keep, reason: "edited on disk; generated content unchanged: your version stays",
                            manifestEntry: recorded)
        }
        if force { return forced("edited on disk and generated content changed: overwritten (--force)") }
        guard BaseStore.keepsCopy(of: file),
              let base = BaseStore.read(file.path, sha256: previous.sha256, or: generated.sha256, in: outputDirectory) else {
            if ThreeWayMerge.holdsEveryLine(of: file.contents, in: ours) {
                return accepted("edited on disk and already holds every line of the new rendering: taken as your merge, "
                                    + "your version stays")
            }
            return Decision(
                action: .conflict,
                reason: "edited on disk and generated content changed, and no copy of the earlier generation to merge "
                    + "against: not written; merge by hand (`--dry-run --diff` shows the new version), then "
                    + "`--accept \(file.path)`; or `--force \(file.path)` to overwrite your edits (saved beside it first)",
                manifestEntry: recorded)
        }
        guard let merged = ThreeWayMerge.merge(base: base, ours: ours, theirs: file.contents) else {
            let side = file.path + UnresolvedConflicts.newRenderingSuffix
            if OutputPath.lexicalProblem(side) != nil || OutputPath.diskProblem(side, in: outputDirectory) != nil {
                return Decision(action: .conflict,
                                reason: "binary file edited on disk and generated content changed: not written; "
                                    + "`--force \(file.path)` overwrites your version (saved beside it first)",
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

    /// The manifest record of an orphan left in place: marked, so that deleting it later is not taken as
    /// "deleted by you" when it is generated again.
    static func orphanEntry(_ entry: GenerationManifest.Entry) -> GenerationManifest.Entry {
        var marked = entry
        marked.orphaned = true
        return marked
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
        /// The file on disk that stands where a folder of the path should be.
        var blocker: String?
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
                throw DiskProblem(reason: "'\(blocker)' on disk is a file, not a folder", blocker: blocker)
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
