import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What applying a plan actually did.
package struct WriteReport: Sendable, Equatable {
    package var outputDirectory: URL
    /// Paths written, per action (create, update, merge, conflict with markers), in the order they were written.
    package var written: [FileAction: [String]]
    /// Files removed because they are no longer generated.
    package var deleted: [String]
    /// `<path>.authgen-new` files written beside binary files in conflict.
    package var newRenderings: [String]
    /// Paths whose base copy under `.authgen/base/` was written, or removed.
    package var baseCopiesWritten: [String]
    package var baseCopiesRemoved: [String]
    /// Folders created (relative to the output directory, outside `.authgen/`), parents first.
    package var createdDirectories: [String]
    /// Folders the generation had created and removed because they became empty.
    package var removedDirectories: [String]
    /// Whether `.authgen/manifest.json` was written.
    package var manifestWritten: Bool
    /// `<path>.authgen-old` copies of the user's versions that `--force` overwrote.
    package var savedCopies: [String] = []
    /// `.authgen-<hex>.tmp` files an interrupted run had left, removed.
    package var removedTemporaryFiles: [String] = []

    package init(outputDirectory: URL, written: [FileAction: [String]] = [:], deleted: [String] = [],
                newRenderings: [String] = [], baseCopiesWritten: [String] = [], baseCopiesRemoved: [String] = [],
                createdDirectories: [String] = [], removedDirectories: [String] = [], manifestWritten: Bool = false) {
        self.outputDirectory = outputDirectory
        self.written = written
        self.deleted = deleted
        self.newRenderings = newRenderings
        self.baseCopiesWritten = baseCopiesWritten
        self.baseCopiesRemoved = baseCopiesRemoved
        self.createdDirectories = createdDirectories
        self.removedDirectories = removedDirectories
        self.manifestWritten = manifestWritten
    }

    /// Files written at their own path (the `.authgen-new` files and base copies are counted apart).
    package var filesWritten: Int { written.values.reduce(0) { $0 + $1.count } }

    /// Every written path, sorted.
    package var writtenPaths: [String] { written.values.flatMap { $0 }.sorted() }

    package func paths(for action: FileAction) -> [String] { written[action] ?? [] }

    /// One line: `2 created, 1 updated, 1 merged, 1 deleted` or `nothing written`.
    package var summary: String {
        var parts = [(FileAction.create, "created"), (.update, "updated"), (.merge, "merged"),
                     (.conflict, "written with conflict markers")].compactMap { action, verb in
            paths(for: action).isEmpty ? nil : "\(paths(for: action).count) \(verb)"
        }
        if !deleted.isEmpty { parts.append("\(deleted.count) deleted") }
        if !newRenderings.isEmpty { parts.append("\(newRenderings.count) new rendering(s) written beside a binary conflict") }
        if !savedCopies.isEmpty { parts.append("\(savedCopies.count) overwritten version(s) saved as .authgen-old") }
        if !removedTemporaryFiles.isEmpty {
            parts.append("\(removedTemporaryFiles.count) temporary file(s) of an interrupted run removed")
        }
        return parts.isEmpty ? "nothing written" : parts.joined(separator: ", ")
    }
}

/// Applying a plan failed. `completed` says exactly what had been written before the failure
/// (nothing at all when the failure was found while checking, before the first write).
package struct WriteError: Error, Sendable, CustomStringConvertible {
    package var diagnostics: [Diagnostic]
    /// The path whose write failed; nil when the plan was refused before anything was written.
    package var failedPath: String?
    package var completed: WriteReport

    package init(diagnostics: [Diagnostic], failedPath: String?, completed: WriteReport) {
        self.diagnostics = diagnostics
        self.failedPath = failedPath
        self.completed = completed
    }

    package var description: String {
        var lines = diagnostics.map(\.description)
        let written = completed.writtenPaths
        if written.isEmpty && !completed.manifestWritten {
            lines.append("note: nothing was written")
        } else {
            lines.append("note: written before the failure: "
                + (written.isEmpty ? "no files" : written.joined(separator: ", "))
                + (completed.manifestWritten ? "; manifest updated to record them" : "; manifest not updated"))
            lines.append("note: every file is either as it was or completely rewritten; run the generation again to finish")
        }
        return lines.joined(separator: "\n")
    }
}

/// The Write stage: puts a plan on disk, one atomic rename per file (then its base copy), then the manifest.
package enum Writer {
    package static func apply(_ plan: GenerationPlan) throws(WriteError) -> WriteReport {
        let root = plan.outputDirectory
        var report = WriteReport(outputDirectory: root)

        // 1. Check everything before the first write.
        let problems = check(plan)
        if !problems.isEmpty {
            throw WriteError(diagnostics: problems, failedPath: nil, completed: report)
        }

        // 2. Files, in path order; each one's base copy right after it.
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw WriteError(diagnostics: [.error("cannot create the output directory '\(root.path)': \(error.localizedDescription)")],
                             failedPath: nil, completed: report)
        }
        for temporary in plan.staleTemporaryFiles {
            if unlink(root.path + "/" + temporary) == 0 || errno == ENOENT { report.removedTemporaryFiles.append(temporary) }
        }
        var directories = plan.manifest.directories
        var applied: Set<String> = []
        for file in plan.files where hasWork(file) {
            do {
                try apply(file, in: root, report: &report, directories: &directories)
                applied.insert(file.path)
            } catch {
                var diagnostics: [Diagnostic] = [.error("cannot write '\(file.path)': \(error.reason)")]
                var manifest = partialManifest(plan, applied: applied)
                manifest.directories = directories
                if let manifestProblem = writeManifest(manifest, in: root, report: &report) {
                    diagnostics.append(manifestProblem)
                }
                throw WriteError(diagnostics: diagnostics, failedPath: file.path, completed: report)
            }
        }

        // 3. The manifest, last, only when its bytes change.
        var manifest = plan.manifest
        manifest.directories = directories
        if let problem = writeManifest(manifest, in: root, report: &report) {
            throw WriteError(diagnostics: [problem], failedPath: GenerationManifest.relativePath, completed: report)
        }
        return report
    }

    /// Whether applying `file` touches the disk (its own path, the file beside it, or its base copy).
    static func hasWork(_ file: PlannedFile) -> Bool {
        file.changesDisk || file.baseToWrite != nil || file.removesBase
    }

    private static func apply(_ file: PlannedFile, in root: URL, report: inout WriteReport,
                              directories: inout Set<String>) throws(WriteFailure) {
        if let contents = file.contentsToWrite {
            if let saved = file.savedCopyPath, let yours = file.diskContents {
                try writeAtomically(yours, to: root.path + "/" + saved)
                report.savedCopies.append(saved)
            }
            var created: [String] = []
            try ensureParentDirectories(of: file.path, in: root, created: &created)
            report.createdDirectories += created
            directories.formUnion(created)
            try writeAtomically(contents, to: root.path + "/" + file.path, newFileMode: file.isSecret ? 0o600 : 0o644)
            report.written[file.action, default: []].append(file.path)
        }
        if let side = file.newRenderingPath, let rendered = file.rendered {
            try writeAtomically(rendered.contents, to: root.path + "/" + side)
            report.newRenderings.append(side)
        }
        if file.action == .delete {
            if unlink(root.path + "/" + file.path) != 0, errno != ENOENT { throw systemError("cannot delete it") }
            report.deleted.append(file.path)
            var parent = (file.path as NSString).deletingLastPathComponent
            while !parent.isEmpty, directories.contains(parent), rmdir(root.path + "/" + parent) == 0 {
                directories.remove(parent)
                report.removedDirectories.append(parent)
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        let basePath = BaseStore.relativePath(of: file.path)
        if let base = file.baseToWrite {
            var ignored: [String] = []
            try ensureParentDirectories(of: basePath, in: root, created: &ignored)
            try writeAtomically(base, to: root.path + "/" + basePath)
            report.baseCopiesWritten.append(file.path)
        } else if file.removesBase {
            if unlink(root.path + "/" + basePath) != 0, errno != ENOENT { throw systemError("cannot delete its base copy") }
            report.baseCopiesRemoved.append(file.path)
            var parent = (basePath as NSString).deletingLastPathComponent
            while parent != BaseStore.directory, parent.hasPrefix(BaseStore.directory + "/"),
                  rmdir(root.path + "/" + parent) == 0 {
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
    }

    // MARK: - Checks

    /// Paths stay inside the output directory, and the disk is still as the plan saw it.
    static func check(_ plan: GenerationPlan) -> [Diagnostic] {
        let root = plan.outputDirectory
        var problems: [Diagnostic] = []
        for file in plan.files where hasWork(file) {
            let plugin = file.rendered?.plugin ?? file.previous?.plugin ?? "?"
            let template = file.rendered?.template ?? file.previous?.template ?? "?"
            if let reason = OutputPath.lexicalProblem(file.path) ?? OutputPath.diskProblem(file.path, in: root) {
                problems.append(OutputPath.diagnostic(path: file.path, plugin: plugin, template: template, reason: reason))
                continue
            }
            if file.action.writes && file.contentsToWrite == nil {
                problems.append(.error("'\(file.path)' is planned to be written (\(file.action.rawValue)) but has no contents"))
                continue
            }
            if let reason = OutputPath.diskProblem(BaseStore.relativePath(of: file.path), in: root, allowReserved: true) {
                problems.append(.error("refusing to use the base copy of '\(file.path)': \(reason)"))
                continue
            }
            if let saved = file.savedCopyPath {
                if let reason = OutputPath.lexicalProblem(saved) ?? OutputPath.diskProblem(saved, in: root) {
                    problems.append(OutputPath.diagnostic(path: saved, plugin: plugin, template: template, reason: reason))
                } else if FileManager.default.fileExists(atPath: root.path + "/" + saved) {
                    problems.append(.error("'\(saved)' appeared on disk after the plan was made; plan again"))
                }
            }
            if let side = file.newRenderingPath {
                if let reason = OutputPath.lexicalProblem(side) ?? OutputPath.diskProblem(side, in: root) {
                    problems.append(OutputPath.diagnostic(path: side, plugin: plugin, template: template, reason: reason))
                } else if FileManager.default.fileExists(atPath: root.path + "/" + side) {
                    problems.append(.error("'\(side)' appeared on disk after the plan was made; plan again"))
                }
            }
            guard file.contentsToWrite != nil || file.action == .delete else { continue }
            let full = root.path + "/" + file.path
            var info = stat()
            let exists = lstat(full, &info) == 0
            if !file.existedOnDisk {
                if exists {
                    problems.append(.error("'\(file.path)' appeared on disk after the plan was made; plan again"))
                }
            } else if !exists {
                if file.action != .delete {
                    problems.append(.error("'\(file.path)' disappeared from disk after the plan was made; plan again"))
                }
            } else if let planned = file.diskSHA256 {
                let now = (try? Data(contentsOf: URL(fileURLWithPath: full))).map(SHA256.hexDigest(of:))
                if now != planned {
                    problems.append(.error("'\(file.path)' changed on disk after the plan was made; plan again"))
                }
            } else if file.action == .delete {
                problems.append(.error("'\(file.path)' is planned to be deleted but was not read; plan again"))
            }
        }
        if let reason = OutputPath.diskProblem(GenerationManifest.relativePath, in: root, allowReserved: true) {
            problems.append(.error("refusing to write the manifest '\(GenerationManifest.relativePath)': \(reason)"))
        }
        return problems
    }

    // MARK: - Manifest

    /// The manifest after a failure: the previous records for every path not applied, the new ones for what was
    /// applied or needed no disk work; the previous generator version and spec hash, since the output is only partly new.
    static func partialManifest(_ plan: GenerationPlan, applied: Set<String>) -> GenerationManifest {
        var manifest = plan.manifest
        if let previous = plan.previousManifest {
            manifest.generatorVersion = previous.generatorVersion
            manifest.specHash = previous.specHash
        }
        for file in plan.files where hasWork(file) && !applied.contains(file.path) {
            manifest.files[file.path] = plan.previousManifest?.files[file.path]
        }
        return manifest
    }

    /// Writes `manifest` unless the file already holds exactly its bytes; a diagnostic when that fails.
    private static func writeManifest(_ manifest: GenerationManifest, in root: URL, report: inout WriteReport) -> Diagnostic? {
        let url = GenerationManifest.url(in: root)
        let bytes = manifest.encoded()
        if (try? Data(contentsOf: url)) == bytes { return nil }
        do {
            var ignored: [String] = []
            try ensureParentDirectories(of: GenerationManifest.relativePath, in: root, created: &ignored)
            try writeAtomically(bytes, to: url.path)
            report.manifestWritten = true
            return nil
        } catch {
            return .error("cannot write the manifest '\(GenerationManifest.relativePath)': \(error.reason)")
        }
    }

    // MARK: - File system

    struct WriteFailure: Error {
        var reason: String
    }

    private static func systemError(_ what: String, _ code: Int32 = errno) -> WriteFailure {
        WriteFailure(reason: "\(what): \(String(cString: strerror(code)))")
    }

    /// Creates the missing folders above `path`, one at a time, recording each.
    static func ensureParentDirectories(of path: String, in root: URL, created: inout [String]) throws(WriteFailure) {
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += prefix.isEmpty ? String(component) : "/" + component
            let full = root.path + "/" + prefix
            var info = stat()
            if stat(full, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    throw WriteFailure(reason: "'\(prefix)' is a file, not a folder")
                }
                continue
            }
            if mkdir(full, 0o755) != 0 {
                let code = errno
                if code == EEXIST, stat(full, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { continue }
                throw systemError("cannot create the folder '\(prefix)'", code)
            }
            created.append(prefix)
        }
    }

    /// Writes `data` to a temporary file beside `path`, then renames it over `path`: readers see the old file or
    /// the new one, never a part. Keeps an existing file's permission bits (else `newFileMode`: 0600 for secret files).
    /// When `path` is a symbolic link (already checked to stay inside), the file it points to is replaced and the link kept.
    static func writeAtomically(_ data: Data, to path: String, newFileMode: mode_t = 0o644) throws(WriteFailure) {
        var target = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = OutputPath.realPath(path) else {
                throw WriteFailure(reason: "it is a symbolic link that cannot be resolved")
            }
            target = resolved
        }
        var mode = newFileMode
        if stat(target, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { throw WriteFailure(reason: "it exists and is not a regular file") }
            mode = info.st_mode & 0o777
        }

        let directory = (target as NSString).deletingLastPathComponent
        let temporary = directory + "/" + Planner.temporaryPrefix + String(UInt64.random(in: 0...UInt64.max), radix: 16)
            + Planner.temporarySuffix
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw systemError("cannot create a temporary file in '\(directory)'") }
        var failure: WriteFailure?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let count = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = systemError("cannot write the temporary file")
                    return
                }
                offset += count
            }
        }
        if failure == nil, fchmod(fd, mode) != 0 { failure = systemError("cannot set permissions") }
        if failure == nil, fsync(fd) != 0 { failure = systemError("cannot flush the temporary file") }
        if close(fd) != 0, failure == nil { failure = systemError("cannot close the temporary file") }
        if failure == nil, rename(temporary, target) != 0 { failure = systemError("cannot rename the temporary file into place") }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }
}
