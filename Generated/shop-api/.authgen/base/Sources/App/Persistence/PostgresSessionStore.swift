import Foundation
import PostgresNIO

/// Login sessions, their refresh tokens and the counters of rate limits and lockout, in PostgreSQL.
extension PostgresRepository {
    func createSession(id: String, userID: Int64, now: Date) async throws {
        try await self.query("INSERT INTO sessions (id, user_id, created_at) VALUES (\(id), \(userID), \(now))")
    }

    func isSessionActive(_ sessionID: String, userID: Int64) async throws -> Bool {
        let rows = try await self.query(
            "SELECT 1 FROM sessions WHERE id = \(sessionID) AND user_id = \(userID) AND revoked_at IS NULL"
        )
        return !rows.isEmpty
    }

    func consumeRefreshToken(digest: String, now: Date, sessionsStartedAfter: Date) async throws -> RefreshTokenUse {
        let consumed = try await self.query(
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
        let spent = try await self.query(
            "SELECT session_id FROM refresh_tokens WHERE token_hash = \(digest) AND revoked_at IS NOT NULL"
        )
        guard let sessionID = try spent.first?.decode(String.self) else { return .unknown }
        try await self.revokeSession(sessionID, now: now)
        return .reused(sessionID: sessionID)
    }

    func revokeSession(_ sessionID: String, now: Date) async throws {
        defer { self.activeSessions.invalidate(sessionID: sessionID) }
        try await self.client.withTransaction(logger: self.logger) { connection in
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
        try await self.client.withTransaction(logger: self.logger) { connection in
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

    func updatePassword(userID: Int64, passwordHash: String) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        try await self.query("UPDATE users SET hashed_password = \(passwordHash) WHERE id = \(userID)")
    }

    // MARK: Counters

    func hit(_ key: String, windowSeconds: Int, now: Date) async throws -> CounterWindow {
        let end = now.addingTimeInterval(TimeInterval(windowSeconds))
        let existing = try await self.query("SELECT 1 FROM rate_limit_counters WHERE counter_key = \(key)")
        if existing.isEmpty {
            try await self.query("DELETE FROM rate_limit_counters WHERE resets_at <= \(now)")
        }
        let rows = try await self.query(
            """
            INSERT INTO rate_limit_counters AS counter (counter_key, hits, resets_at) VALUES (\(key), 1, \(end))
            ON CONFLICT (counter_key) DO UPDATE SET
                hits = CASE WHEN counter.resets_at <= \(now) THEN 1 ELSE counter.hits + 1 END,
                resets_at = CASE WHEN counter.resets_at <= \(now) THEN \(end) ELSE counter.resets_at END
            RETURNING hits, resets_at
            """
        )
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        let (hits, resetsAt) = try row.decode((Int, Date).self)
        return CounterWindow(count: hits, resetsAt: resetsAt)
    }

    func lockedUntil(key: String, now: Date) async throws -> Date? {
        let rows = try await self.query(
            "SELECT locked_until FROM login_failures WHERE username = \(key) AND locked_until > \(now)"
        )
        return try rows.first?.decode(Date.self)
    }

    func loginFailures(key: String, forgetSeconds: Int, now: Date) async throws -> Int {
        let forgetBefore = now.addingTimeInterval(-TimeInterval(forgetSeconds))
        let rows = try await self.query(
            "SELECT failures FROM login_failures WHERE username = \(key) AND last_failure_at > \(forgetBefore)"
        )
        return try rows.first?.decode(Int.self) ?? 0
    }

    @discardableResult
    func recordLoginFailure(key: String, lockAfter: Int, lockSeconds: Int, now: Date) async throws -> Date? {
        let forgetBefore = now.addingTimeInterval(-TimeInterval(lockSeconds))
        let lockEnd = now.addingTimeInterval(TimeInterval(lockSeconds))
        try await self.query("DELETE FROM login_failures WHERE last_failure_at <= \(forgetBefore)")
        let rows = try await self.query(
            """
            INSERT INTO login_failures AS failure (username, failures, last_failure_at, locked_until)
            VALUES (\(key), 1, \(now), CASE WHEN \(lockAfter) <= 1 THEN \(lockEnd) END)
            ON CONFLICT (username) DO UPDATE SET
                failures = failure.failures + 1,
                last_failure_at = \(now),
                locked_until = CASE WHEN failure.failures + 1 >= \(lockAfter) THEN \(lockEnd) END
            RETURNING locked_until
            """
        )
        return try rows.first?.decode(Date?.self)
    }

    func clearLoginFailures(key: String) async throws {
        try await self.query("DELETE FROM login_failures WHERE username = \(key)")
    }

    // MARK: Purge

    func purgeExpired(now: Date, forgetFailuresSeconds: Int) async throws -> PurgedRows {
        let newSessionsSince = now.addingTimeInterval(-PurgedRows.newSessionGraceSeconds)
        let forgetBefore = now.addingTimeInterval(-TimeInterval(forgetFailuresSeconds))
        let tokens = try await self.count(
            """
            WITH deleted AS (
                DELETE FROM refresh_tokens
                WHERE expires_at <= \(now) OR session_id IN (SELECT id FROM sessions WHERE revoked_at IS NOT NULL)
                RETURNING 1
            ) SELECT count(*) FROM deleted
            """
        )
        let sessions = try await self.count(
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
        let counters = try await self.count(
            "WITH deleted AS (DELETE FROM rate_limit_counters WHERE resets_at <= \(now) RETURNING 1) SELECT count(*) FROM deleted"
        )
        let failures = try await self.count(
            """
            WITH deleted AS (
                DELETE FROM login_failures
                WHERE last_failure_at <= \(forgetBefore) AND (locked_until IS NULL OR locked_until <= \(now))
                RETURNING 1
            ) SELECT count(*) FROM deleted
            """
        )
        return PurgedRows(sessions: sessions, refreshTokens: tokens, counters: counters, loginFailures: failures)
    }

    private func count(_ statement: PostgresQuery) async throws -> Int {
        let rows = try await self.query(statement)
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        return try row.decode(Int.self)
    }
}
