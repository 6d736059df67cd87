import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
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

    @Test(arguments: TestDatabase.available)
    func limitsApplyPerUsernameAndPerAddress(database: TestDatabase) async throws {
        try await withApp(on: database) { _, app in
            let policy = RateLimitPolicy(
                name: "login",
                rule: RateLimitRule(limit: 2, windowSeconds: 60),
                enabled: true,
                counters: app.repository
            )
            try await policy.check(username: "xena")
            try await policy.check(username: "xena")
            await #expect(throws: APIError.self) { try await policy.check(username: "xena") }
            // Another user and the address have their own counters.
            try await policy.check(username: "yusuf")
            try await policy.check(address: "192.0.2.1")
        }
    }

    /// Counters and revocations live in the database: a second repository on the same database (as a second
    /// server process would open) sees the limit reached and the session revoked through the first.
    @Test(arguments: TestDatabase.available)
    func countersAndRevocationsAreSharedThroughTheDatabase(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let tokens = try await client.signUp("zeno")
            let second = try await RepositoryFactory.make(for: app.settings.database, logger: Logger(label: "tests"))
            let services = ServiceGroup(services: [second], logger: Logger(label: "tests"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await services.run() }
                let rule = RateLimitRule(limit: 2, windowSeconds: 60)
                let here = RateLimitPolicy(name: "login", rule: rule, enabled: true, counters: app.repository)
                let there = RateLimitPolicy(name: "login", rule: rule, enabled: true, counters: second)
                try await here.check(address: "192.0.2.9")
                try await there.check(address: "192.0.2.9")
                await #expect(throws: APIError.self) { try await here.check(address: "192.0.2.9") }

                let claims = try TokenTests.claims(of: tokens.accessToken)
                #expect(try await second.isSessionActive(claims.sid, userID: claims.userID))
                #expect(try await client.logout(tokens.accessToken).status == .ok)
                #expect(try await second.isSessionActive(claims.sid, userID: claims.userID) == false)
                // Closes the second repository's connections, as a stopping server does.
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func windowsExpire(database: TestDatabase) async throws {
        try await withApp(on: database) { _, app in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let first = try await app.repository.hit("k", windowSeconds: 10, now: start)
            #expect(first == CounterWindow(count: 1, resetsAt: start.addingTimeInterval(10)))
            let second = try await app.repository.hit("k", windowSeconds: 10, now: start.addingTimeInterval(1))
            #expect(second == CounterWindow(count: 2, resetsAt: start.addingTimeInterval(10)))
            let next = try await app.repository.hit("k", windowSeconds: 10, now: start.addingTimeInterval(10))
            #expect(next == CounterWindow(count: 1, resetsAt: start.addingTimeInterval(20)))
        }
    }

    @Test(arguments: TestDatabase.available)
    func limitsCanBeTurnedOff(database: TestDatabase) async throws {
        // The lockout has its own setting, off here so that only the rate limits are tested.
        try await withApp(on: database, with: .set(\.lockout, LockoutSettings(after: 0, seconds: 60))) { client, _ in
            for _ in 0..<12 {
                let response = try await client.login("zoe", password: "Wrong#Garden42")
                #expect(response.status == .unauthorized)
            }
        }
    }
}
