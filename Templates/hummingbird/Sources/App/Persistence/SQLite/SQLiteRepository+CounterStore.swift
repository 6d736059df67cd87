import Foundation
import SQLiteNIO

extension SQLiteRepository: CounterStore {
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

    func purgeExpired(now: Date, forgetFailuresSeconds: Int) async throws -> (counters: Int, loginFailures: Int) {
        let time = now.timeIntervalSince1970
        let counters = try await self.rows(
            "DELETE FROM rate_limit_counters WHERE resets_at <= ? RETURNING 1",
            [.float(time)]
        ).count
        let failures = try await self.rows(
            "DELETE FROM login_failures WHERE last_failure_at <= ? AND (locked_until IS NULL OR locked_until <= ?) RETURNING 1",
            [.float(time - Double(forgetFailuresSeconds)), .float(time)]
        ).count
        return (counters: counters, loginFailures: failures)
    }
}
