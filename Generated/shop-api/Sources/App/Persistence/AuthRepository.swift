import Foundation
import ServiceLifecycle

enum RepositoryError: Error, Equatable {
    case duplicateUsername
    case duplicateEmail
    case noRowReturned
    case unreadableColumn(String)
}

/// Users and refresh tokens. Runs as a service so that its connections close on shutdown.
protocol AuthRepository: Service {
    func migrate() async throws
    func ping() async throws

    /// Throws `RepositoryError.duplicateUsername` or `.duplicateEmail`, also when two inserts race.
    func createUser(_ user: NewUser) async throws -> User
    func user(id: Int64) async throws -> User?
    func user(username: String) async throws -> User?
    /// Users by id, for the superuser listing.
    func users(limit: Int, offset: Int) async throws -> [User]
    /// Changes the flags given (nil leaves one as it is); nil when there is no such user.
    func updateUser(id: Int64, isActive: Bool?, isSuperuser: Bool?) async throws -> User?
    func setActive(_ isActive: Bool, userID: Int64) async throws
    func deleteUser(id: Int64) async throws

    func storeRefreshToken(_ token: StoredRefreshToken) async throws
    /// Revokes the token and returns it, if it was still valid; one caller wins when two race.
    func consumeRefreshToken(digest: String, now: Date) async throws -> StoredRefreshToken?
    func revokeSession(_ sessionID: String, now: Date) async throws
}
