import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Rate limits")
struct RateLimitTests {
    static var limited: SettingsChange {
        .set(
            \.rateLimits,
            RateLimitSettings(
                enabled: true,
                login: RateLimitRule(limit: 3, windowSeconds: 60),
                register: RateLimitRule(limit: 2, windowSeconds: 60)
            )
        )
    }

    @Test(arguments: TestDatabase.available)
    func loginIsLimited(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.limited) { client, _ in
            for _ in 0..<3 {
                #expect(try await client.login("tom", password: "Wrong#Garden42").status == .unauthorized)
            }
            let limited = try await client.login("tom", password: "Wrong#Garden42")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.detail == "Too many requests")
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
        }
    }

    @Test(arguments: TestDatabase.available)
    func registrationIsLimited(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.limited) { client, _ in
            #expect(try await client.register("uma").status == .created)
            #expect(try await client.register("victor").status == .created)
            let limited = try await client.register("wendy")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test func limitsApplyPerUsernameAndPerAddress() async throws {
        let policy = RateLimitPolicy(
            name: "login",
            rule: RateLimitRule(limit: 2, windowSeconds: 60),
            enabled: true,
            limiter: RateLimiter()
        )
        try await policy.check(username: "xena")
        try await policy.check(username: "xena")
        await #expect(throws: APIError.self) { try await policy.check(username: "xena") }
        // Another user and the address have their own counters.
        try await policy.check(username: "yusuf")
        try await policy.check(address: "192.0.2.1")
    }

    @Test func windowsExpire() async {
        let limiter = RateLimiter()
        let rule = RateLimitRule(limit: 1, windowSeconds: 10)
        let start = Date()
        #expect(await limiter.hit("k", rule: rule, now: start) == nil)
        #expect(await limiter.hit("k", rule: rule, now: start.addingTimeInterval(1)) == 9)
        #expect(await limiter.hit("k", rule: rule, now: start.addingTimeInterval(10)) == nil)
    }

    @Test(arguments: TestDatabase.available)
    func limitsCanBeTurnedOff(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            for _ in 0..<12 {
                let response = try await client.login("zoe", password: "Wrong#Garden42")
                #expect(response.status == .unauthorized)
            }
        }
    }
}
