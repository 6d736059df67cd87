import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Testing

@testable import App

@Suite("Login: lockout per username and equal answers")
struct LockoutTests {
    static var lockAfterThree: SettingsChange { .set(\.lockout, LockoutSettings(after: 3, seconds: 60)) }
    static let wrong = "Wrong#Garden42"

    static func expectLocked(_ response: TestResponse) {
        #expect(response.status == .tooManyRequests)
        #expect(response.detail == "Too many failed login attempts, try again later")
        let retryAfter = response.headers[.retryAfter].flatMap { Int($0) }
        #expect(retryAfter.map { (1...60).contains($0) } == true)
    }

    @Test(arguments: TestDatabase.available)
    func aLockedUsernameRefusesEvenTheRightPassword(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.lockAfterThree) { client, _ in
            #expect(try await client.register("amber").status == .created)
            for _ in 0..<3 {
                #expect(try await client.login("amber", password: "Wrong#Garden42").status == .unauthorized)
            }
            Self.expectLocked(try await client.login("amber"))
            Self.expectLocked(try await client.login("amber", password: "Wrong#Garden42"))
            // Another username is not affected.
            #expect(try await client.signUp("basil").accessToken.isEmpty == false)
        }
    }

    @Test(arguments: TestDatabase.available)
    func unknownUsernamesAreCountedAndAnsweredAlike(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.lockAfterThree) { client, _ in
            #expect(try await client.register("celia").status == .created)
            var known: [TestResponse] = []
            var unknown: [TestResponse] = []
            for _ in 0..<4 {
                known.append(try await client.login("celia", password: "Wrong#Garden42"))
                unknown.append(try await client.login("nobody-here", password: "Wrong#Garden42"))
            }
            for (a, b) in zip(known, unknown) {
                #expect(a.status == b.status)
                #expect(a.detail == b.detail)
                #expect(a.headers[.wwwAuthenticate] == b.headers[.wwwAuthenticate])
            }
            Self.expectLocked(unknown[3])
        }
    }

    @Test(arguments: TestDatabase.available)
    func aSuccessClearsTheCount(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.lockAfterThree) { client, _ in
            let registered = try await client.register("dora")
            #expect(registered.status == .created)
            for _ in 0..<2 {
                #expect(try await client.login("dora", password: "Wrong#Garden42").status == .unauthorized)
            }
            #expect(try await client.login("dora").status == .ok)
            for _ in 0..<2 {
                #expect(try await client.login("dora", password: "Wrong#Garden42").status == .unauthorized)
            }
            #expect(try await client.login("dora").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func attemptsDuringALockNeitherCountNorExtendIt(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.lockAfterThree) { client, app in
            for _ in 0..<3 {
                #expect(try await client.login("eliza", password: "Wrong#Garden42").status == .unauthorized)
            }
            let now = Date()
            // The test client has no socket peer: its address is "unknown".
            let key = LoginLockout.addressKey("eliza", "unknown")
            let lockedUntil = try #require(try await app.repository.lockedUntil(key: key, now: now))
            for _ in 0..<5 {
                Self.expectLocked(try await client.login("eliza", password: "Wrong#Garden42"))
            }
            #expect(try await app.repository.lockedUntil(key: key, now: now) == lockedUntil)
        }
    }

    /// The store with explicit clocks: a lock ends after its time, and the count starts again from zero.
    @Test(arguments: TestDatabase.available)
    func aLockIsBounded(database: TestDatabase) async throws {
        try await withApp(on: database) { _, app in
            let store = app.repository
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            for second in 0..<3 {
                try await store.recordLoginFailure(key: "fred", lockAfter: 3, lockSeconds: 60, now: start.addingTimeInterval(Double(second)))
            }
            let until = try #require(try await store.lockedUntil(key: "fred", now: start.addingTimeInterval(3)))
            #expect(until == start.addingTimeInterval(62))
            #expect(try await store.lockedUntil(key: "fred", now: start.addingTimeInterval(62)) == nil)
            // After the lock, one failure does not lock again.
            try await store.recordLoginFailure(key: "fred", lockAfter: 3, lockSeconds: 60, now: start.addingTimeInterval(63))
            #expect(try await store.lockedUntil(key: "fred", now: start.addingTimeInterval(63)) == nil)
        }
    }

    /// Failures of one username from many addresses slow its logins down, up to `maxDelay`, and never lock out an
    /// address that has not failed.
    @Test(arguments: TestDatabase.available)
    func aDistributedAttackIsSlowedNotRefused(database: TestDatabase) async throws {
        try await withApp(on: database) { _, app in
            let waits = Waits()
            var lockout = LoginLockout(settings: LockoutSettings(after: 3, seconds: 60), store: app.repository)
            lockout.sleep = { await waits.add($0) }
            for attacker in 0..<20 {
                for _ in 0..<3 {
                    try await lockout.slowDown(username: "ivy")
                    try await lockout.recordFailure(username: "ivy", address: "203.0.113.\(attacker)")
                }
            }
            let recorded = await waits.all
            #expect(recorded.count == 60 - 3)
            #expect(recorded == recorded.sorted())
            #expect(recorded.first == .milliseconds(100))
            #expect(recorded.last == .seconds(2))
            // The user's own address has not failed: no lock, only the longest wait.
            try await lockout.check(username: "ivy", address: "198.51.100.1")
            try await lockout.slowDown(username: "ivy")
            #expect(await waits.all.last == .seconds(2))
            await #expect(throws: APIError.self) { try await lockout.check(username: "ivy", address: "203.0.113.0") }
        }
    }

    @Test func theDelayGrowsAndIsBounded() {
        let settings = LockoutSettings(after: 10, seconds: 900)
        #expect(LoginLockout.delay(afterFailures: 9, settings: settings) == .zero)
        #expect(LoginLockout.delay(afterFailures: 10, settings: settings) == .milliseconds(100))
        #expect(LoginLockout.delay(afterFailures: 14, settings: settings) == .milliseconds(500))
        #expect(LoginLockout.delay(afterFailures: 10_000, settings: settings) == settings.maxDelay)
        #expect(LoginLockout.delay(afterFailures: Int.max, settings: settings) == settings.maxDelay)
        #expect(LoginLockout.delay(afterFailures: 50, settings: LockoutSettings(after: 0, seconds: 900)) == .zero)
    }

    actor Waits {
        private(set) var all: [Duration] = []
        func add(_ duration: Duration) { self.all.append(duration) }
    }

    @Test(arguments: TestDatabase.available)
    func lockoutCanBeTurnedOff(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.lockout, LockoutSettings(after: 0, seconds: 60))) { client, _ in
            let registered = try await client.register("gwen")
            #expect(registered.status == .created)
            for _ in 0..<12 {
                #expect(try await client.login("gwen", password: "Wrong#Garden42").status == .unauthorized)
            }
            #expect(try await client.login("gwen").status == .ok)
        }
    }

    /// A hasher that counts verifications, around the real one.
    actor CountingHasher: PasswordChecking {
        let hasher: PasswordHasher
        private(set) var count = 0

        init(_ hasher: PasswordHasher) { self.hasher = hasher }

        func hash(_ password: String) async throws -> String { try await self.hasher.hash(password) }

        func verify(_ password: String, against hash: String) async throws -> Bool {
            self.count += 1
            return try await self.hasher.verify(password, against: hash)
        }

        func verifyDummy(_ password: String) async throws {
            self.count += 1
            try await self.hasher.verifyDummy(password)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anUnknownUserCostsOneVerificationLikeAWrongPassword(database: TestDatabase) async throws {
        let location = try database.makeFreshLocation()
        let settings = Settings.forTesting(database: location)
        let logger = Logger(label: "tests")
        let repository = try await RepositoryFactory.make(for: location, logger: logger)
        let hasher = CountingHasher(try await PasswordHasher(cost: 4))
        let router = buildRouter(
            settings: settings,
            repository: repository,
            tokens: TokenService(keys: try await SigningKeys.make(for: settings.jwt, logger: logger), settings: settings.jwt),
            hasher: hasher
        )
        var app = Application(router: router, services: [repository], logger: logger)
        app.beforeServerStarts { try await repository.migrate() }
        do {
            try await app.test(.router) { client in
                let registered = try await client.register("hana")
                #expect(registered.status == .created)
                let before = await hasher.count
                let wrongPassword = try await client.login("hana", password: "Wrong#Garden42")
                #expect(await hasher.count == before + 1)
                let unknownUser = try await client.login("no-such-user", password: "Wrong#Garden42")
                #expect(await hasher.count == before + 2)
                // The same answer for both.
                #expect(wrongPassword.status == .unauthorized)
                #expect(unknownUser.status == wrongPassword.status)
                #expect(unknownUser.detail == wrongPassword.detail)
            }
        } catch {
            try await TestDatabase.remove(location)
            throw error
        }
        try await TestDatabase.remove(location)
    }
}
