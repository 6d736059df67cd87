import Foundation
import PostgresNIO

extension PostgresRepository: CounterStore {
    func hit(_ key: String, windowSeconds: Int, now: Date) async throws -> CounterWindow {
        let end = now.addingTimeInterval(TimeInterval(windowSeconds))
        let existing = try await self.database.query("SELECT 1 FROM rate_limit_counters WHERE counter_key = \(key)")
        if existing.isEmpty {
            try await self.database.query("DELETE FROM rate_limit_counters WHERE resets_at <= \(now)")
        }
        let rows = try await self.database.query(
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
        let rows = try await self.database.query(
            "SELECT locked_until FROM login_failures WHERE username = \(key) AND locked_until > \(now)"
        )
        return try rows.first?.decode(Date.self)
    }

    func loginFailures(key: String, forgetSeconds: Int, now: Date) async throws -> Int {
        let forgetBefore = now.addingTimeInterval(-TimeInterval(forgetSeconds))
        let rows = try await self.database.query(
            "SELECT failures FROM login_failures WHERE username = \(key) AND last_failure_at > \(forgetBefore)"
        )
        return try rows.first?.decode(Int.self) ?? 0
    }

    @discardableResult
    func recordLoginFailure(key: String, lockAfter: Int, lockSeconds: Int, now: Date) async throws -> Date? {
        let forgetBefore = now.addingTimeInterval(-TimeInterval(lockSeconds))
        let lockEnd = now.addingTimeInterval(TimeInterval(lockSeconds))
        try await self.database.query("DELETE FROM login_failures WHERE last_failure_at <= \(forgetBefore)")
        let rows = try await self.database.query(
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
        try await self.database.query("DELETE FROM login_failures WHERE username = \(key)")
    }

    func purgeExpired(now: Date, forgetFailuresSeconds: Int) async throws -> (counters: Int, loginFailures: Int) {
        let forgetBefore = now.addingTimeInterval(-TimeInterval(forgetFailuresSeconds))
        let counters = try await self.database.count(
            "WITH deleted AS (DELETE FROM rate_limit_counters WHERE resets_at <= \(now) RETURNING 1) SELECT count(*) FROM deleted"
        )
        let failures = try await self.database.count(
            """
            WITH deleted AS (
                DELETE FROM login_failures
                WHERE last_failure_at <= \(forgetBefore) AND (locked_until IS NULL OR locked_until <= \(now))
                RETURNING 1
            ) SELECT count(*) FROM deleted
            """
        )
        return (counters: counters, loginFailures: failures)
    }
}
