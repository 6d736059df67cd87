import Foundation

/// One fixed window of a rate-limit counter.
struct CounterWindow: Sendable, Equatable {
    let count: Int
    let resetsAt: Date
}

/// Rate-limit counters and failed-login counts, kept in the database (both drivers) so that several server
/// processes share them. Keys are made by `CounterKey`. Rows that expired are deleted as new ones arrive and by
/// `purgeExpired`, so the tables stay bounded.
protocol CounterStore: Sendable {
    /// Counts one hit of `key` in its current window (a new window starts when the last one is over).
    func hit(_ key: String, windowSeconds: Int, now: Date) async throws -> CounterWindow
    /// The end of the key's lock, nil when it is not locked at `now`.
    func lockedUntil(key: String, now: Date) async throws -> Date?
    /// Failures counted for `key` since the last one `forgetSeconds` ago or less; 0 when none.
    func loginFailures(key: String, forgetSeconds: Int, now: Date) async throws -> Int
    /// Counts a failed login; the `lockAfter`-th failure in a row locks the key for `lockSeconds`. Returns the end
    /// of the lock when this failure set one.
    @discardableResult
    func recordLoginFailure(key: String, lockAfter: Int, lockSeconds: Int, now: Date) async throws -> Date?
    func clearLoginFailures(key: String) async throws
    /// Deletes rate-limit windows that are over and failed-login counts older than `forgetFailuresSeconds` (unless
    /// they still lock their key).
    func purgeExpired(now: Date, forgetFailuresSeconds: Int) async throws -> (counters: Int, loginFailures: Int)
}
