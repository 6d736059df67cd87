import Foundation

/// Fixed-window counters in memory, one per key ("login:address:127.0.0.1", "login:user:alice").
actor RateLimiter {
    private struct Window {
        var start: Date
        var count: Int
    }

    private var windows: [String: Window] = [:]
    private let maxKeys = 100_000

    /// Counts one request; returns the seconds to wait when the limit is exceeded.
    func hit(_ key: String, rule: RateLimitRule, now: Date = Date()) -> Int? {
        let length = TimeInterval(rule.windowSeconds)
        var window = self.windows[key] ?? Window(start: now, count: 0)
        if now.timeIntervalSince(window.start) >= length {
            window = Window(start: now, count: 0)
        }
        window.count += 1
        self.windows[key] = window
        if self.windows.count > self.maxKeys {
            self.windows = self.windows.filter { now.timeIntervalSince($0.value.start) < length }
        }
        guard window.count > rule.limit else { return nil }
        return max(1, Int((window.start.addingTimeInterval(length).timeIntervalSince(now)).rounded(.up)))
    }
}

/// The limits of one endpoint; `check` throws 429 with `Retry-After` when one is exceeded.
struct RateLimitPolicy: Sendable {
    let name: String
    let rule: RateLimitRule
    let enabled: Bool
    let limiter: RateLimiter

    func check(address: String) async throws {
        try await self.check(key: "\(self.name):address:\(address)")
    }

    func check(username: String) async throws {
        try await self.check(key: "\(self.name):user:\(username)")
    }

    private func check(key: String) async throws {
        guard self.enabled else { return }
        if let retryAfter = await self.limiter.hit(key, rule: self.rule) {
            throw APIError.tooManyRequests(retryAfter: retryAfter)
        }
    }
}
