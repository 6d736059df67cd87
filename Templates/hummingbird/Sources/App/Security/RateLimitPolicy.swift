import Foundation

/// The limits of one endpoint; `check` throws 429 with `Retry-After` when one is exceeded. The fixed-window
/// counters live in the database, so that every server process on one database shares them. Usernames and session
/// ids are stored as digests (`CounterKey`), whatever their length.
struct RateLimitPolicy: Sendable {
    let name: String
    let rule: RateLimitRule
    let enabled: Bool
    let counters: any CounterStore

    func check(address: String, now: Date = Date()) async throws {
        try await self.check(key: "\(self.name):address:\(address)", now: now)
    }

    func check(username: String, now: Date = Date()) async throws {
        try await self.check(key: CounterKey.of("\(self.name):user", username), now: now)
    }

    /// Attempts for one username from one client address: what one address does cannot refuse the user elsewhere.
    func check(username: String, address: String, now: Date = Date()) async throws {
        try await self.check(key: CounterKey.of("\(self.name):user-address", username, address), now: now)
    }

    func check(session: String, now: Date = Date()) async throws {
        try await self.check(key: CounterKey.of("\(self.name):session", session), now: now)
    }

    private func check(key: String, now: Date) async throws {
        guard self.enabled else { return }
        let window = try await self.counters.hit(key, windowSeconds: self.rule.windowSeconds, now: now)
        guard window.count > self.rule.limit else { return }
        let retryAfter = max(1, Int(window.resetsAt.timeIntervalSince(now).rounded(.up)))
        throw APIError.tooManyRequests(retryAfter: retryAfter)
    }
}
