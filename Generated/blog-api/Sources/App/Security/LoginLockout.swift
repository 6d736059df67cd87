import Foundation

/// Locks a username after `after` failed logins in a row, for `seconds`. Unknown usernames are counted too, so the
/// answer never tells whether a user exists. During a lock every attempt is refused, even with the right password,
/// and neither counts nor extends the lock, so nobody can keep an account locked for longer than by failing
/// `after` times once the lock is over. A success clears the count; failures older than `seconds` are forgotten.
struct LoginLockout: Sendable {
    let settings: LockoutSettings
    let store: any CounterStore

    /// Throws 429 with `Retry-After` while the username is locked.
    func check(username: String, now: Date = Date()) async throws {
        guard self.settings.enabled, let until = try await self.store.lockedUntil(username: username, now: now) else { return }
        throw APIError.lockedOut(retryAfter: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
    }

    func recordFailure(username: String, now: Date = Date()) async throws {
        guard self.settings.enabled else { return }
        try await self.store.recordLoginFailure(
            username: username,
            lockAfter: self.settings.after,
            lockSeconds: self.settings.seconds,
            now: now
        )
    }

    func recordSuccess(username: String) async throws {
        guard self.settings.enabled else { return }
        try await self.store.clearLoginFailures(username: username)
    }
}
