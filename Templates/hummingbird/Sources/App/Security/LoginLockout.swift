import Foundation

/// Failed logins, counted so that an attacker cannot turn them against the user.
///
/// - Per username and client address: `after` failures in a row from one address lock the username for that
///   address only, for `seconds`. During the lock every attempt from there is refused, even with the right password,
///   and neither counts nor extends the lock. Another address still logs in.
/// - Per username from every address together: past `after` failures each attempt waits a little longer (`delay`),
///   up to `maxDelay`, so a distributed attack slows down; the right password is never refused for it.
///
/// Unknown usernames are counted too, so the answer never tells whether a user exists. A success clears both
/// counts; failures are forgotten `seconds` after the last one.
struct LoginLockout: Sendable {
    let settings: LockoutSettings
    let store: any CounterStore
    /// Replaced in tests, so that they do not wait.
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// Throws 429 with `Retry-After` while the username is locked for this address.
    func check(username: String, address: String, now: Date = Date()) async throws {
        guard let until = try await self.lockedUntil(username: username, address: address, now: now) else { return }
        throw APIError.lockedOut(retryAfter: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
    }

    func isLocked(username: String, address: String, now: Date = Date()) async throws -> Bool {
        try await self.lockedUntil(username: username, address: address, now: now) != nil
    }

    private func lockedUntil(username: String, address: String, now: Date) async throws -> Date? {
        guard self.settings.enabled else { return nil }
        return try await self.store.lockedUntil(key: Self.addressKey(username, address), now: now)
    }

    /// Waits as long as the username's failures from every address ask for.
    func slowDown(username: String, now: Date = Date()) async throws {
        guard self.settings.enabled else { return }
        let failures = try await self.store.loginFailures(
            key: Self.usernameKey(username),
            forgetSeconds: self.settings.seconds,
            now: now
        )
        let delay = Self.delay(afterFailures: failures, settings: self.settings)
        if delay > .zero { try await self.sleep(delay) }
    }

    /// Counts a failure; true when it locked the username for this address.
    @discardableResult
    func recordFailure(username: String, address: String, now: Date = Date()) async throws -> Bool {
        guard self.settings.enabled else { return false }
        try await self.store.recordLoginFailure(
            key: Self.usernameKey(username),
            lockAfter: Int(Int32.max),
            lockSeconds: self.settings.seconds,
            now: now
        )
        let lockedUntil = try await self.store.recordLoginFailure(
            key: Self.addressKey(username, address),
            lockAfter: self.settings.after,
            lockSeconds: self.settings.seconds,
            now: now
        )
        return lockedUntil != nil
    }

    /// Counts a wrong current password given with an access token, as a failed login from `address` and as a
    /// failure of the session; true when either reached the limit, so that the session must end (a stolen token
    /// cannot go on guessing by changing its address).
    func recordPasswordFailure(username: String, address: String, session: String, now: Date = Date()) async throws -> Bool {
        guard self.settings.enabled else { return false }
        let lockedHere = try await self.recordFailure(username: username, address: address, now: now)
        let sessionSpent = try await self.store.recordLoginFailure(
            key: CounterKey.of("password-failures", session),
            lockAfter: self.settings.after,
            lockSeconds: self.settings.seconds,
            now: now
        )
        return lockedHere || sessionSpent != nil
    }

    func recordSuccess(username: String, address: String) async throws {
        guard self.settings.enabled else { return }
        try await self.store.clearLoginFailures(key: Self.addressKey(username, address))
        try await self.store.clearLoginFailures(key: Self.usernameKey(username))
    }

    /// None for the first `after` failures, then 100 ms more for each one, at most `maxDelay`.
    static func delay(afterFailures failures: Int, settings: LockoutSettings) -> Duration {
        guard settings.enabled, failures >= settings.after else { return .zero }
        let beyond = min(failures - settings.after, 1_000_000) + 1
        return min(settings.maxDelay, .milliseconds(100) * beyond)
    }

    static func addressKey(_ username: String, _ address: String) -> String {
        CounterKey.of("login-failures", username, address)
    }

    static func usernameKey(_ username: String) -> String {
        CounterKey.of("login-failures", username)
    }
}
