import HummingbirdBcrypt
import NIOPosix

/// bcrypt runs on the NIO thread pool, never on an event loop.
struct PasswordHasher: Sendable {
    let cost: UInt8
    let threadPool: NIOThreadPool
    /// Verified against when the user does not exist, so that an unknown name costs as much as a wrong password.
    let dummyHash: String

    init(cost: Int, threadPool: NIOThreadPool = .singleton) async throws {
        self.cost = UInt8(cost)
        self.threadPool = threadPool
        self.dummyHash = try await threadPool.runIfActive {
            Bcrypt.hash("dummy password for unknown users", cost: UInt8(cost))
        }
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await self.threadPool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await self.threadPool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    func verifyDummy(_ password: String) async throws {
        _ = try await self.verify(password, against: self.dummyHash)
    }
}
