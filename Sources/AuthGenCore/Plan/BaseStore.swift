import Foundation

/// The bytes of the last generation of each generator-owned, non-secret file, kept at `.authgen/base/<path>`:
/// the base of the three-way merge. The manifest is the index: a base copy counts only when it hashes to the
/// manifest's `sha256` for its path (a missing, stale or damaged copy is simply not used).
package enum BaseStore {
    package static let directory = "\(OutputPath.reservedDirectory)/base"

    /// Output-relative path of the base copy of `path`.
    package static func relativePath(of path: String) -> String { directory + "/" + path }

    /// Whether a file gets a base copy: generator-owned and not secret.
    package static func keepsCopy(of file: RenderedFile) -> Bool { file.owner == .generator && !file.isSecret }

    /// The base copy of `path` when it is there, safe to read, and hashes to one of `sha256` (the last generation's
    /// rendering, then the new one: a run killed after writing a file and its base copy but before the manifest left
    /// the new base). A copy a Windows checkout converted to CRLF counts when its LF form hashes right.
    package static func read(_ path: String, sha256: String, or alternative: String? = nil, in outputDirectory: URL) -> Data? {
        let relative = relativePath(of: path)
        guard OutputPath.diskProblem(relative, in: outputDirectory, allowReserved: true) == nil,
              let data = FileManager.default.contents(atPath: outputDirectory.path + "/" + relative) else { return nil }
        let accepted = [sha256] + (alternative.map { [$0] } ?? [])
        if accepted.contains(SHA256.hexDigest(of: data)) { return data }
        let lf = withoutCarriageReturns(data)
        if lf != data, accepted.contains(SHA256.hexDigest(of: lf)) { return lf }
        return nil
    }

    /// `data` with every CRLF line ending turned into LF.
    static func withoutCarriageReturns(_ data: Data) -> Data {
        var out = Data()
        out.reserveCapacity(data.count)
        var previous: UInt8?
        for byte in data {
            if let held = previous, !(held == 0x0D && byte == 0x0A) { out.append(held) }
            previous = byte
        }
        if let held = previous { out.append(held) }
        return out
    }

    /// Whether anything is stored for `path`.
    package static func exists(_ path: String, in outputDirectory: URL) -> Bool {
        FileManager.default.fileExists(atPath: outputDirectory.path + "/" + relativePath(of: path))
    }
}

/// Conflict markers and `.authgen-new` files an earlier run left for the user to resolve.
package enum UnresolvedConflicts {
    /// Suffix of the file written beside a binary file in conflict, holding the new rendering.
    package static let newRenderingSuffix = ".authgen-new"

    /// 1-based numbers of the lines opening a conflict (`<<<<<<<` followed by a space or the end of the line),
    /// when the text also holds a closing `>>>>>>>` line; empty otherwise (and for binary data).
    package static func markerLines(in data: Data) -> [Int] {
        if ThreeWayMerge.isBinary(data) { return [] }
        func isMarker(_ line: [UInt8], _ character: UInt8) -> Bool {
            guard line.count >= 7, line.prefix(7).allSatisfy({ $0 == character }) else { return false }
            return line.count == 7 || [0x20, 0x0D, 0x0A].contains(line[7])
        }
        var opening: [Int] = []
        var closes = false
        for (index, line) in ThreeWayMerge.lines(of: data).enumerated() {
            if isMarker(line, UInt8(ascii: "<")) { opening.append(index + 1) }
            if isMarker(line, UInt8(ascii: ">")) { closes = true }
        }
        return closes ? opening : []
    }

    /// One error per unresolved file under `outputDirectory` among `paths` (generator-owned files): each marker's
    /// line, or the `.authgen-new` file beside it. A file whose bytes hash to one of its `generated` hashes (exactly as
    /// a generation rendered it, markers and all) is not a conflict.
    package static func diagnostics(for paths: [String], in outputDirectory: URL,
                                   generated: [String: Set<String>] = [:]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for path in paths.sorted() {
            let full = outputDirectory.path + "/" + path
            if OutputPath.diskProblem(path, in: outputDirectory) == nil,
               let data = FileManager.default.contents(atPath: full),
               !(generated[path]?.contains(SHA256.hexDigest(of: data)) ?? false) {
                for line in markerLines(in: data) {
                    diagnostics.append(.error(
                        "unresolved conflict from an earlier generation: edit the file to keep what you want and remove the markers",
                        at: SourceLocation(file: DisplayPath.of(full), line: line, column: 1)))
                }
            }
            let side = path + newRenderingSuffix
            if OutputPath.lexicalProblem(side) == nil, FileManager.default.fileExists(atPath: outputDirectory.path + "/" + side) {
                diagnostics.append(.error(
                    "unresolved conflict from an earlier generation: '\(side)' holds the new rendering of the binary file "
                        + "'\(path)'; move it over '\(path)' to take it, or delete it to keep yours"))
            }
        }
        return diagnostics
    }
}
