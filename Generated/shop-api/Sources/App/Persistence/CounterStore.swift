import Foundation

/// One fixed window of a rate-limit counter.
struct CounterWindow: Sendable, Equatable {
    let count: Int
    let resetsAt: Date
}

/// Rate-limit counters and failed-login counts, kept in the database (both drivers) so that several server
/// processes share them. Rows that expired are deleted as new ones arrive, so the tables stay bounded.
protocol CounterStore: Sendable {
    /// Counts one hit of `key` in its current window (a new window starts when the last one is over).
    func hit(_ key: String, windowSeconds: Int, now: Date) async throws -> CounterWindow
    /// The end of the username's lock, nil when it is not locked at `now`.
    func lockedUntil(username: String, now: Date) async throws -> Date?
    /// Counts a failed login; the `lockAfter`-th failure in a row locks the username for `lockSeconds`.
    func recordLoginFailure(username: String, lockAfter: Int, lockSeconds: Int, now: Date) async throws
    func clearLoginFailures(username: String) async throws
}
