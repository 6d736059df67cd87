import Dispatch
import HummingbirdBcrypt
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// bcrypt runs on its own threads, never on an event loop nor on the pool the database driver uses, so a login
/// storm cannot make other requests wait behind it.
struct PasswordHasher: Sendable {
    let cost: UInt8
    let threadPool: NIOThreadPool
    /// Verified against when the user does not exist, so that an unknown name costs as much as a wrong password.
    let dummyHash: String

    init(cost: Int, threadPool: NIOThreadPool = .passwordHashing) async throws {
        self.cost = UInt8(cost)
        self.threadPool = threadPool
        self.dummyHash = try await threadPool.runIfActive {
            Bcrypt.hash("dummy password for unknown users", cost: UInt8(cost))
        }
    }

    /// bcrypt reads the password as a C string, so a NUL byte would end it early: such a password is never hashed
    /// (the policy refuses it before) and never matches.
    func hash(_ password: String) async throws -> String {
        guard !password.utf8.contains(0) else { throw PasswordHashingError.nulByte }
        let cost = self.cost
        return try await self.threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        let intact = !password.utf8.contains(0)
        // One verification either way, so that a password with a NUL costs as much as a wrong one.
        let checked = intact ? password : String(decoding: password.utf8.filter { $0 != 0 }, as: UTF8.self)
        let matches = try await self.threadPool.runIfActive { Bcrypt.verify(checked, hash: hash) }
        return intact && matches
    }

    func verifyDummy(_ password: String) async throws {
        _ = try await self.verify(password, against: self.dummyHash)
    }
}

enum PasswordHashingError: Error {
    case nulByte
}

extension NIOThreadPool {
    /// One bcrypt thread per core, each at a lower scheduling priority (nice +10) than the event loops: hashing
    /// still gets every idle cycle, but a thread with a request to serve takes the core first.
    static let passwordHashing: NIOThreadPool = {
        let threads = System.coreCount
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        // Each job waits until all of them have started, so every thread of the pool runs exactly one.
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        for _ in 0..<threads {
            pool.submit { _ in
                lowerCurrentThreadPriority()
                started.signal()
                release.wait()
            }
        }
        for _ in 0..<threads { started.wait() }
        for _ in 0..<threads { release.signal() }
        return pool
    }()
}

/// On Linux the nice value belongs to the thread; elsewhere the threads keep the default priority.
private func lowerCurrentThreadPriority() {
    #if os(Linux)
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
    #endif
}
