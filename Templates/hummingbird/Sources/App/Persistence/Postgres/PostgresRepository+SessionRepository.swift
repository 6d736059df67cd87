import Foundation
import PostgresNIO

extension PostgresRepository: SessionRepository {
    func createSession(id: String, userID: Int64, now: Date) async throws {
        try await self.database.query("INSERT INTO sessions (id, user_id, created_at) VALUES (\(id), \(userID), \(now))")
    }

    func isSessionActive(_ sessionID: String, userID: Int64) async throws -> Bool {
        let rows = try await self.database.query(
            "SELECT 1 FROM sessions WHERE id = \(sessionID) AND user_id = \(userID) AND revoked_at IS NULL"
        )
        return !rows.isEmpty
    }

    func storeRefreshToken(_ token: StoredRefreshToken) async throws {
        try await self.database.query(
            """
            INSERT INTO refresh_tokens (token_hash, user_id, session_id, expires_at, created_at)
            VALUES (\(token.digest), \(token.userID), \(token.sessionID), \(token.expiresAt), \(Date()))
            """
        )
    }

    func consumeRefreshToken(digest: String, now: Date, sessionsStartedAfter: Date) async throws -> RefreshTokenUse {
        let consumed = try await self.database.query(
            """
            UPDATE refresh_tokens SET revoked_at = \(now)
            FROM sessions
            WHERE token_hash = \(digest) AND refresh_tokens.revoked_at IS NULL AND expires_at > \(now)
              AND sessions.id = refresh_tokens.session_id
              AND sessions.revoked_at IS NULL AND sessions.created_at > \(sessionsStartedAfter)
            RETURNING refresh_tokens.user_id, refresh_tokens.session_id, expires_at, sessions.created_at
            """
        )
        if let row = consumed.first {
            let (userID, sessionID, expiresAt, startedAt) = try row.decode((Int64, String, Date, Date).self)
            return .valid(
                StoredRefreshToken(digest: digest, userID: userID, sessionID: sessionID, expiresAt: expiresAt),
                sessionStartedAt: startedAt
            )
        }
        let spent = try await self.database.query(
            "SELECT session_id FROM refresh_tokens WHERE token_hash = \(digest) AND revoked_at IS NOT NULL"
        )
        guard let sessionID = try spent.first?.decode(String.self) else { return .unknown }
        try await self.revokeSession(sessionID, now: now)
        return .reused(sessionID: sessionID)
    }

    func revokeSession(_ sessionID: String, now: Date) async throws {
        defer { self.activeSessions.invalidate(sessionID: sessionID) }
        try await self.database.client.withTransaction(logger: self.logger) { connection in
            try await connection.query(
                "UPDATE sessions SET revoked_at = \(now) WHERE id = \(sessionID) AND revoked_at IS NULL",
                logger: self.logger
            )
            try await connection.query(
                "UPDATE refresh_tokens SET revoked_at = \(now) WHERE session_id = \(sessionID) AND revoked_at IS NULL",
                logger: self.logger
            )
        }
    }

    func revokeOtherSessions(userID: Int64, keeping sessionID: String, now: Date) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        try await self.database.client.withTransaction(logger: self.logger) { connection in
            try await connection.query(
                """
                UPDATE sessions SET revoked_at = \(now)
                WHERE user_id = \(userID) AND id <> \(sessionID) AND revoked_at IS NULL
                """,
                logger: self.logger
            )
            try await connection.query(
                """
                UPDATE refresh_tokens SET revoked_at = \(now)
                WHERE user_id = \(userID) AND session_id <> \(sessionID) AND revoked_at IS NULL
                """,
                logger: self.logger
            )
        }
    }

    func purgeEnded(now: Date) async throws -> (sessions: Int, refreshTokens: Int) {
        let newSessionsSince = now.addingTimeInterval(-PurgedRows.newSessionGraceSeconds)
        let tokens = try await self.database.count(
            """
            WITH deleted AS (
                DELETE FROM refresh_tokens
                WHERE expires_at <= \(now) OR session_id IN (SELECT id FROM sessions WHERE revoked_at IS NOT NULL)
                RETURNING 1
            ) SELECT count(*) FROM deleted
            """
        )
        let sessions = try await self.database.count(
            """
            WITH deleted AS (
                DELETE FROM sessions
                WHERE revoked_at IS NOT NULL
                    OR (created_at <= \(newSessionsSince)
                        AND NOT EXISTS (SELECT 1 FROM refresh_tokens WHERE session_id = sessions.id))
                RETURNING 1
            ) SELECT count(*) FROM deleted
            """
        )
        return (sessions: sessions, refreshTokens: tokens)
    }
}
