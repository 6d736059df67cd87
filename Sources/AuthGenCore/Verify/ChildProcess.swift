import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and a clean signal state.
///
/// Foundation's `Process` passes on the parent's blocked and ignored signals, so a server started
/// with it never sees SIGTERM and cannot shut down gracefully; this resets both.
package final class ChildProcess: @unchecked Sendable {
    package let pid: pid_t
    private let lock = NSLock()
    private var exitStatus: Int32?

    package struct SpawnError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Starts `executable` (a path, or a name looked up in PATH) with stdout and stderr appended to `log`.
    package init(_ executable: String, arguments: [String], in directory: URL, environment: [String: String], log: URL) throws {
        guard let path = Self.resolve(executable, path: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw SpawnError(description: "'\(executable)' is not an executable file nor found in PATH")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        // The child stays in our process group, so Ctrl-C in a terminal reaches it as it reaches us.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // `env -C` changes directory: the working-directory file action is not visible to Swift on glibc.
        let launcher = "/usr/bin/env"
        let argv = ([launcher, "-C", directory.path, path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, launcher, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "cannot start '\(path)': \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// The exit status once the child has ended (128 + signal when a signal ended it), else nil.
    package var status: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        let signal = raw & 0x7F
        exitStatus = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
        return exitStatus
    }

    package var isRunning: Bool { status == nil }

    /// SIGTERM, then SIGKILL if the child has not ended within `grace` seconds.
    package func stop(grace: TimeInterval = 10) {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if isRunning { kill(pid, SIGKILL) }
        while isRunning { Thread.sleep(forTimeInterval: 0.02) }
    }

    private static func resolve(_ executable: String, path: String) -> String? {
        if executable.contains("/") {
            return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil
        }
        return path.split(separator: ":").map { "\($0)/\(executable)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
