import Foundation
import ServiceLifecycle

enum RepositoryError: Error, Equatable {
    case duplicateUsername
    case duplicateEmail
    case noRowReturned
    /// The change would leave no active superuser.
    case lastActiveSuperuser
    case unreadableColumn(String)
}

/// What presenting a refresh token found.
enum RefreshTokenUse: Sendable, Equatable {
    /// It was valid and is now spent; its session began at `sessionStartedAt`.
    case valid(StoredRefreshToken, sessionStartedAt: Date)
    /// It was already spent (rotated or revoked): its whole session has just been revoked.
    case reused(sessionID: String)
    /// Never issued here, expired, or its session is revoked or older than the longest a session lasts.
    case unknown
}

/// Users, login sessions with their refresh tokens, and counters. Runs as a service so that its connections close
/// on shutdown.
protocol AuthRepository: Service, CounterStore {
    func migrate() async throws
    func ping() async throws

    /// Throws `RepositoryError.duplicateUsername` or `.duplicateEmail`, also when two inserts race.
    func createUser(_ user: NewUser) async throws -> User
    func user(id: Int64) async throws -> User?
    /// The user, in one query, when `sessionID` is one of its sessions and not revoked; nil otherwise.
    func user(id: Int64, activeSession sessionID: String) async throws -> User?
    /// Any spelling of the username that normalises alike (`Username.normalized`) finds the user.
    func user(username: String) async throws -> User?
    /// Users by id, for the superuser listing.
    func users(limit: Int, offset: Int) async throws -> [User]
    /// Changes the flags given (nil leaves one as it is); nil when there is no such user. Throws
    /// `RepositoryError.lastActiveSuperuser`, and changes nothing, when no other active superuser would remain (decided
    /// in one statement, so two administrators demoting each other at once cannot both succeed). Deactivating a user
    /// revokes all of its sessions and refresh tokens (a trigger in the database).
    func updateUser(id: Int64, isActive: Bool?, isSuperuser: Bool?) async throws -> User?
    func setActive(_ isActive: Bool, userID: Int64) async throws
    func deleteUser(id: Int64) async throws

    func updatePassword(userID: Int64, passwordHash: String) async throws

    /// A session is one login: its access and refresh tokens carry its id (`sid`).
    func createSession(id: String, userID: Int64, now: Date) async throws
    /// False once the session is revoked (logout, refresh token reuse, password change) or unknown.
    func isSessionActive(_ sessionID: String, userID: Int64) async throws -> Bool
    func storeRefreshToken(_ token: StoredRefreshToken) async throws
    /// Spends a valid token (one caller wins when two race) whose session is open and began after
    /// `sessionsStartedAfter`, checked in the same statement, so that a logout cannot slip in between; a token spent
    /// before revokes its whole session.
    func consumeRefreshToken(digest: String, now: Date, sessionsStartedAfter: Date) async throws -> RefreshTokenUse
    /// Revokes the session and every refresh token of it.
    func revokeSession(_ sessionID: String, now: Date) async throws
    /// Revokes every session of the user but `sessionID`, with their refresh tokens.
    func revokeOtherSessions(userID: Int64, keeping sessionID: String, now: Date) async throws

    /// Deletes what can never be used again: expired or revoked refresh tokens and sessions, rate-limit windows
    /// that are over and failed-login counts older than `forgetFailuresSeconds`.
    func purgeExpired(now: Date, forgetFailuresSeconds: Int) async throws -> PurgedRows
}
