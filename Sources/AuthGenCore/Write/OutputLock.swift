import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on the output folder, held from reading the manifest to writing it: two generations into
/// the same folder never interleave (the second waits briefly, then gives up with a message). Locking the folder
/// itself leaves no lock file behind; the lock ends when the process does, however it ends.
package final class OutputLock: @unchecked Sendable {
    private var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { release() }

    package func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// Why `path` cannot be an output folder (it is a file, …), or nil.
    package static func folderProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR ? nil : "'\(path)' exists and is not a folder; name a folder with -o"
    }

    /// Locks `outputDirectory`, creating it when `create` (else nil when it does not exist: nothing to protect).
    /// Tries again every 50 ms for `wait` seconds while another process holds it.
    package static func acquire(_ outputDirectory: URL, create: Bool, wait: Double) throws(DiagnosticsError) -> OutputLock? {
        let path = outputDirectory.path
        if let problem = folderProblem(path) { throw DiagnosticsError(.error("cannot use the output folder: \(problem)")) }
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { return nil }
            do {
                try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
            } catch {
                throw DiagnosticsError(.error("cannot create the output folder '\(path)': \(reason(of: error))"))
            }
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw DiagnosticsError(.error("cannot open the output folder '\(path)' to lock it: \(String(cString: strerror(errno)))"))
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(descriptor)
                throw DiagnosticsError(.error("cannot lock the output folder '\(path)': \(String(cString: strerror(code)))"))
            }
            if Date() >= deadline {
                close(descriptor)
                throw DiagnosticsError(.error(
                    "another authgen run is generating into '\(path)' (it holds the folder's lock); waited "
                        + "\(String(format: "%g", wait)) s. Let it finish, then run again: nothing was written"))
            }
            usleep(50_000)
        }
        return OutputLock(descriptor: descriptor)
    }

    /// A Foundation error as a short reason (`No such file or directory`), not its whole description.
    static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}
