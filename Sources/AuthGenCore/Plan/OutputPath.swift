import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that a rendered relative path stays inside the output directory, first as text
/// (`lexicalProblem`), then against what is on disk (`diskProblem`: symbolic links that lead out).
package enum OutputPath {
    /// The generator's own folder in the output directory; no rendered file may go there.
    package static let reservedDirectory = ".authgen"

    /// Why `path` is not an acceptable relative output path, or nil when it is.
    /// Rejects empty, absolute, `.`/`..`/empty components, names over 255 bytes, backslashes, NUL and other control
    /// characters, and anything under `.authgen/` (compared case-insensitively: macOS file systems are).
    package static func lexicalProblem(_ path: String) -> String? {
        if path.isEmpty { return "the path is empty" }
        if path.hasPrefix("/") { return "it is an absolute path; output paths must be relative to the output directory" }
        if path.contains("\\") { return "it contains a backslash; use '/' to separate folders" }
        if path.unicodeScalars.contains("\0") { return "it contains a NUL character" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return "it contains a control character"
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.contains("..") { return "it has a '..' component, which could lead outside the output directory" }
        if components.contains(".") { return "it has a '.' component" }
        if components.contains("") { return "it has an empty component ('//' or a trailing '/')" }
        if let long = components.first(where: { $0.utf8.count > 255 }) {
            return "the name '\(long.prefix(40))…' is longer than 255 bytes, the file system limit"
        }
        if components[0].lowercased() == reservedDirectory {
            return "it is inside '\(reservedDirectory)/', which is reserved for the generator's manifest"
        }
        return nil
    }

    /// Why writing `path` under `outputDirectory` could leave the output directory (or reach `.authgen/`)
    /// through a symbolic link on disk, or nil when it cannot. Checks every existing prefix of the path,
    /// the file itself included. Components that do not exist yet are fine: they will be created as directories.
    /// `allowReserved` lets the generator check its own manifest path.
    package static func diskProblem(_ path: String, in outputDirectory: URL, allowReserved: Bool = false) -> String? {
        guard let root = realPath(outputDirectory.path) else { return nil } // nothing exists below a missing directory
        var current = outputDirectory.path
        let components = path.split(separator: "/")
        for (index, component) in components.enumerated() {
            current += "/" + component
            let prefix = components[0...index].joined(separator: "/")
            var info = stat()
            guard lstat(current, &info) == 0 else { return nil } // ENOENT / ENOTDIR: nothing further exists
            guard info.st_mode & S_IFMT == S_IFLNK else { continue }
            guard let target = realPath(current) else {
                return "'\(prefix)' is a symbolic link that cannot be resolved"
            }
            guard isInside(target, root: root) else {
                return "'\(prefix)' is a symbolic link to '\(target)', outside the output directory"
            }
            if !allowReserved, isInside(target, root: root + "/" + reservedDirectory) {
                return "'\(prefix)' is a symbolic link into '\(reservedDirectory)/', which is reserved for the generator"
            }
        }
        return nil
    }

    /// All problems (lexical, then on disk) with the paths of `files`, one diagnostic per bad path,
    /// naming the plugin and template that produced it. Empty when every path is safe.
    package static func diagnostics(for files: [RenderedFile], in outputDirectory: URL) -> [Diagnostic] {
        files.compactMap { file in
            if let reason = lexicalProblem(file.path) ?? diskProblem(file.path, in: outputDirectory) {
                return diagnostic(path: file.path, plugin: file.plugin, template: file.template, reason: reason)
            }
            return nil
        }
    }

    static func diagnostic(path: String, plugin: String, template: String, reason: String) -> Diagnostic {
        .error("refusing output path '\(printable(path))' (plugin '\(plugin)', template '\(template)'): \(reason)")
    }

    /// The path with control characters escaped, for messages.
    static func printable(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// realpath(3): absolute, symbolic links resolved; nil when some component does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
