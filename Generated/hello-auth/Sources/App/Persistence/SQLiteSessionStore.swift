import Foundation
import SQLiteNIO

/// Login sessions, their refresh tokens and the counters of rate limits and lockout, in SQLite.
extension SQLiteRepository {
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

    func updatePassword(userID: Int64, passwordHash: String) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        _ = try await self.rows(
            "UPDATE users SET hashed_password = ? WHERE id = ?",
            [.text(passwordHash), .integer(SQLiteInt64(userID))]
        )
    }

    // MARK: Counters

    func hit(_ key: String, windowSeconds: Int, now: Date) async throws -> CounterWindow {
        let start = now.timeIntervalSince1970
        let end = start + Double(windowSeconds)
        if try await self.rows("SELECT 1 FROM rate_limit_counters WHERE counter_key = ?", [.text(key)]).isEmpty {
            _ = try await self.rows("DELETE FROM rate_limit_counters WHERE resets_at <= ?", [.float(start)])
        }
        let rows = try await self.rows(
            """
            INSERT INTO rate_limit_counters (counter_key, hits, resets_at) VALUES (?1, 1, ?3)
            ON CONFLICT (counter_key) DO UPDATE SET
                hits = CASE WHEN resets_at <= ?2 THEN 1 ELSE hits + 1 END,
                resets_at = CASE WHEN resets_at <= ?2 THEN ?3 ELSE resets_at END
            RETURNING hits, resets_at
            """,
            [.text(key), .float(start), .float(end)]
        )
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        return CounterWindow(count: try row.required("hits"), resetsAt: Date(timeIntervalSince1970: try row.required("resets_at")))
    }

    func lockedUntil(key: String, now: Date) async throws -> Date? {
        let rows = try await self.rows(
            "SELECT locked_until FROM login_failures WHERE username = ? AND locked_until > ?",
            [.text(key), .float(now.timeIntervalSince1970)]
        )
        return rows.first.flatMap { $0.optional("locked_until") }.map { (seconds: Double) in Date(timeIntervalSince1970: seconds) }
    }

    func loginFailures(key: String, forgetSeconds: Int, now: Date) async throws -> Int {
        let rows = try await self.rows(
            "SELECT failures FROM login_failures WHERE username = ? AND last_failure_at > ?",
            [.text(key), .float(now.timeIntervalSince1970 - Double(forgetSeconds))]
        )
        return try rows.first?.required("failures") ?? 0
    }

    @discardableResult
    func recordLoginFailure(key: String, lockAfter: Int, lockSeconds: Int, now: Date) async throws -> Date? {
        let time = now.timeIntervalSince1970
        let forgetBefore = time - Double(lockSeconds)
        _ = try await self.rows("DELETE FROM login_failures WHERE last_failure_at <= ?", [.float(forgetBefore)])
        let rows = try await self.rows(
            """
            INSERT INTO login_failures (username, failures, last_failure_at, locked_until)
            VALUES (?1, 1, ?2, CASE WHEN ?3 <= 1 THEN ?4 END)
            ON CONFLICT (username) DO UPDATE SET
                failures = failures + 1,
                last_failure_at = ?2,
                locked_until = CASE WHEN failures + 1 >= ?3 THEN ?4 END
            RETURNING locked_until
            """,
            [.text(key), .float(time), .integer(lockAfter), .float(time + Double(lockSeconds))]
        )
        return rows.first.flatMap { $0.optional("locked_until") }.map { (seconds: Double) in Date(timeIntervalSince1970: seconds) }
    }

    func clearLoginFailures(key: String) async throws {
        _ = try await self.rows("DELETE FROM login_failures WHERE username = ?", [.text(key)])
    }

    // MARK: Purge

    func purgeExpired(now: Date, forgetFailuresSeconds: Int) async throws -> PurgedRows {
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
        let counters = try await self.rows(
            "DELETE FROM rate_limit_counters WHERE resets_at <= ? RETURNING 1",
            [.float(time)]
        ).count
        let failures = try await self.rows(
            "DELETE FROM login_failures WHERE last_failure_at <= ? AND (locked_until IS NULL OR locked_until <= ?) RETURNING 1",
            [.float(time - Double(forgetFailuresSeconds)), .float(time)]
        ).count
        return PurgedRows(sessions: sessions, refreshTokens: tokens, counters: counters, loginFailures: failures)
    }
}
