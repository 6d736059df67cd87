import Foundation
import SQLiteNIO

extension SQLiteRepository: SessionRepository {
    func createSession(id: String, userID: Int64, now: Date) async throws {
        _ = try await self.rows(
            "INSERT INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)",
            [.text(id), .integer(SQLiteInt64(userID)), .float(now.timeIntervalSince1970)]
        )
    }

    func isSessionActive(_ sessionID: String, userID: Int64) async throws -> Bool {
        try await !self.rows(
            "SELECT 1 FROM sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
            [.text(sessionID), .integer(SQLiteInt64(userID))]
        ).isEmpty
    }

    func storeRefreshToken(_ token: StoredRefreshToken) async throws {
        _ = try await self.rows(
            """
            INSERT INTO refresh_tokens (token_hash, user_id, session_id, expires_at, created_at)
            VALUES (?, ?, ?, ?, ?)
            """,
            [
                .text(token.digest), .integer(SQLiteInt64(token.userID)), .text(token.sessionID),
                .float(token.expiresAt.timeIntervalSince1970), .float(Date().timeIntervalSince1970),
            ]
        )
    }

    func consumeRefreshToken(digest: String, now: Date, sessionsStartedAfter: Date) async throws -> RefreshTokenUse {
        let consumed = try await self.rows(
            """
            UPDATE refresh_tokens SET revoked_at = ?1
            WHERE token_hash = ?2 AND revoked_at IS NULL AND expires_at > ?1
              AND EXISTS (SELECT 1 FROM sessions WHERE sessions.id = refresh_tokens.session_id
                          AND sessions.revoked_at IS NULL AND sessions.created_at > ?3)
            RETURNING user_id, session_id, expires_at,
                      (SELECT created_at FROM sessions WHERE sessions.id = refresh_tokens.session_id) AS session_started_at
            """,
            [.float(now.timeIntervalSince1970), .text(digest), .float(sessionsStartedAfter.timeIntervalSince1970)]
        )
        if let row = consumed.first {
            return .valid(
                StoredRefreshToken(
                    digest: digest,
                    userID: try row.required("user_id"),
                    sessionID: try row.required("session_id"),
                    expiresAt: Date(timeIntervalSince1970: try row.required("expires_at"))
                ),
                sessionStartedAt: Date(timeIntervalSince1970: try row.required("session_started_at"))
            )
        }
        let spent = try await self.rows(
            "SELECT session_id FROM refresh_tokens WHERE token_hash = ? AND revoked_at IS NOT NULL",
            [.text(digest)]
        )
        guard let sessionID: String = spent.first?.optional("session_id") else { return .unknown }
        try await self.revokeSession(sessionID, now: now)
        return .reused(sessionID: sessionID)
    }

    func revokeSession(_ sessionID: String, now: Date) async throws {
        defer { self.activeSessions.invalidate(sessionID: sessionID) }
        _ = try await self.rows(
            "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            [.float(now.timeIntervalSince1970), .text(sessionID)]
        )
        _ = try await self.rows(
            "UPDATE refresh_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL",
            [.float(now.timeIntervalSince1970), .text(sessionID)]
        )
    }

    func revokeOtherSessions(userID: Int64, keeping sessionID: String, now: Date) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        _ = try await self.rows(
            "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
            [.float(now.timeIntervalSince1970), .integer(SQLiteInt64(userID)), .text(sessionID)]
        )
        _ = try await self.rows(
            "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND session_id <> ? AND revoked_at IS NULL",
            [.float(now.timeIntervalSince1970), .integer(SQLiteInt64(userID)), .text(sessionID)]
        )
    }

    func purgeEnded(now: Date) async throws -> (sessions: Int, refreshTokens: Int) {
        let time = now.timeIntervalSince1970
        let tokens = try await self.rows(
            """
            DELETE FROM refresh_tokens
            WHERE expires_at <= ?1 OR session_id IN (SELECT id FROM sessions WHERE revoked_at IS NOT NULL)
            RETURNING 1
            """,
            [.float(time)]
        ).count
        let sessions = try await self.rows(
            """
            DELETE FROM sessions
            WHERE revoked_at IS NOT NULL
                OR (created_at <= ?1 AND NOT EXISTS (SELECT 1 FROM refresh_tokens WHERE session_id = sessions.id))
            RETURNING 1
            """,
            [.float(time - PurgedRows.newSessionGraceSeconds)]
        ).count
        return (sessions: sessions, refreshTokens: tokens)
    }
}
