import Foundation

/// What presenting a refresh token found.
enum RefreshTokenUse: Sendable, Equatable {
    /// It was valid and is now spent; its session began at `sessionStartedAt`.
    case valid(StoredRefreshToken, sessionStartedAt: Date)
    /// It was already spent (rotated or revoked): its whole session has just been revoked.
    case reused(sessionID: String)
    /// Never issued here, expired, or its session is revoked or older than the longest a session lasts.
    case unknown
}

/// Login sessions and their refresh tokens.
protocol SessionRepository: Sendable {
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
    /// Deletes what can never be used again: expired or revoked refresh tokens, then revoked sessions and those left
    /// without a token (`PurgedRows.newSessionGraceSeconds` after they began).
    func purgeEnded(now: Date) async throws -> (sessions: Int, refreshTokens: Int)
}
