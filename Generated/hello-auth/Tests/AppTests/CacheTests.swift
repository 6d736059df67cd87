import Foundation
import JWTKit
import Logging
import Testing

@testable import App

/// The two caches of the authenticated path, with the clock given: what they keep, for how long, and what they
/// refuse to keep. The HTTP tests of logout, password change, deactivation and deletion cover them from outside.
@Suite("Caches of verified tokens and active sessions")
struct CacheTests {
    static let settings = Settings.forTesting(database: .sqlite(path: "unused.sqlite")).jwt
    static let user = User(
        id: 7, email: "ana@example.com", username: "ana", fullName: nil, passwordHash: "-", isActive: true,
        isSuperuser: false, createdAt: Date()
    )

    static func tokenService(cache: VerifiedTokenCache) async throws -> TokenService {
        TokenService(
            keys: try await SigningKeys.make(for: Self.settings, logger: Logger(label: "tests")),
            settings: Self.settings,
            verifiedTokens: cache
        )
    }

    @Test func aVerifiedTokenIsServedFromTheCacheUntilItExpires() async throws {
        let cache = VerifiedTokenCache()
        let issued = try await Self.tokenService(cache: cache).issue(for: Self.user, session: "s1")
        let now = Date()
        let expiry = try await Self.tokenService(cache: cache).verify(issued.accessToken, as: .access, now: now).exp.value
        #expect(cache.count == 1)

        // Without the key, only the cache can accept the token.
        let keyless = TokenService(keys: SigningKeys(collection: JWTKeyCollection()), settings: Self.settings, verifiedTokens: cache)
        #expect(try await keyless.verify(issued.accessToken, as: .access, now: expiry.addingTimeInterval(-1)).sid == "s1")
        await #expect(throws: TokenError.wrongType) {
            try await keyless.verify(issued.accessToken, as: .refresh, now: now)
        }
        await #expect(throws: TokenError.invalidSignatureOrClaims) {
            try await keyless.verify(issued.accessToken, as: .access, now: expiry)
        }
        #expect(cache.count == 0)
    }

    @Test func refusedTokensAreNotCached() async throws {
        let cache = VerifiedTokenCache()
        let tokens = try await Self.tokenService(cache: cache)
        let issued = try await tokens.issue(for: Self.user, session: "s1")
        let forged = try await TokenTests.sign(TokenTests.claims(of: issued.accessToken), secret: String(repeating: "x", count: 64))
        await #expect(throws: TokenError.invalidSignatureOrClaims) {
            try await tokens.verify(forged, as: .access)
        }
        await #expect(throws: TokenError.wrongType) {
            try await tokens.verify(issued.refreshToken, as: .access)
        }
        #expect(cache.count == 0)
        let keyless = TokenService(keys: SigningKeys(collection: JWTKeyCollection()), settings: Self.settings, verifiedTokens: cache)
        await #expect(throws: TokenError.invalidSignatureOrClaims) {
            try await keyless.verify(issued.refreshToken, as: .refresh)
        }
    }

    @Test func refreshTokensAreNotCached() async throws {
        let cache = VerifiedTokenCache()
        let tokens = try await Self.tokenService(cache: cache)
        let issued = try await tokens.issue(for: Self.user, session: "s1")
        #expect(try await tokens.verify(issued.refreshToken, as: .refresh).sid == "s1")
        #expect(cache.count == 0)
    }

    @Test func aFullCacheDropsExpiredEntriesFirst() {
        let now = Date(timeIntervalSince1970: 1_000)
        var cache = ExpiringCache<String, Int>(capacity: 4)
        cache.insert(1, for: "gone-1", expiresAt: now.addingTimeInterval(1), now: now)
        cache.insert(2, for: "gone-2", expiresAt: now.addingTimeInterval(1), now: now)
        cache.insert(3, for: "kept-3", expiresAt: now.addingTimeInterval(60), now: now)
        cache.insert(4, for: "kept-4", expiresAt: now.addingTimeInterval(60), now: now)
        let later = now.addingTimeInterval(2)
        cache.insert(5, for: "new-5", expiresAt: later.addingTimeInterval(60), now: later)
        #expect(cache.count == 3)
        #expect(cache.value(for: "kept-3", now: later) == 3)
        #expect(cache.value(for: "new-5", now: later) == 5)

        cache.insert(6, for: "new-6", expiresAt: later.addingTimeInterval(60), now: later)
        cache.insert(7, for: "new-7", expiresAt: later.addingTimeInterval(60), now: later)
        #expect(cache.count <= 4)
        #expect(cache.value(for: "new-7", now: later) == 7)
    }

    @Test func anActiveSessionIsKeptForItsLifetimeOnly() {
        let cache = ActiveSessionCache(lifetime: 1)
        let readAt = Date(timeIntervalSince1970: 1_000)
        cache.store(Self.user, session: "s1", generation: cache.generation, readAt: readAt)
        #expect(cache.user(id: 7, session: "s1", now: readAt.addingTimeInterval(0.9)) == Self.user)
        #expect(cache.user(id: 7, session: "s2", now: readAt) == nil)
        #expect(cache.user(id: 8, session: "s1", now: readAt) == nil)
        #expect(cache.user(id: 7, session: "s1", now: readAt.addingTimeInterval(1)) == nil)
    }

    @Test func aReadThatRacedAnInvalidationIsNotStored() {
        let cache = ActiveSessionCache()
        let now = Date()
        // The read takes the generation, a logout revokes the session and invalidates, then the read stores.
        let beforeQuery = cache.generation
        cache.invalidate(sessionID: "s1")
        cache.store(Self.user, session: "s1", generation: beforeQuery, readAt: now)
        #expect(cache.user(id: 7, session: "s1", now: now) == nil)

        // The same read with no write in between is stored.
        cache.store(Self.user, session: "s1", generation: cache.generation, readAt: now)
        #expect(cache.user(id: 7, session: "s1", now: now) == Self.user)
    }

    @Test func theRepositoryPathReadsOnceThenAnswersFromTheCache() async {
        let cache = ActiveSessionCache(lifetime: 60)
        let reads = ReadCounter()
        for _ in 0..<3 {
            #expect(await cache.user(id: 7, session: "s1") { reads.record(Self.user) } == Self.user)
        }
        #expect(reads.count == 1)

        // A logout while the read runs: what that read saw is not kept.
        cache.invalidate(sessionID: "s1")
        _ = await cache.user(id: 7, session: "s1") {
            cache.invalidate(sessionID: "s1")
            return reads.record(Self.user)
        }
        _ = await cache.user(id: 7, session: "s1") { reads.record(Self.user) }
        #expect(reads.count == 3)
    }

    @Test func aCacheThatWaitsForChangeNotificationsKeepsNothingWithoutThem() async {
        let cache = ActiveSessionCache(lifetime: 60, waitsForChangeNotifications: true)
        let reads = ReadCounter()
        _ = await cache.user(id: 7, session: "s1") { reads.record(Self.user) }
        _ = await cache.user(id: 7, session: "s1") { reads.record(Self.user) }
        #expect(reads.count == 2)
        #expect(!cache.isStoring)

        cache.changeNotificationsStarted()
        _ = await cache.user(id: 7, session: "s1") { reads.record(Self.user) }
        _ = await cache.user(id: 7, session: "s1") { reads.record(Self.user) }
        #expect(reads.count == 3)

        // The connection drops while a read runs: what it saw is not kept, nor is anything read afterwards.
        _ = await cache.user(id: 8, session: "s2") {
            cache.changeNotificationsStopped()
            return reads.record(Self.user)
        }
        #expect(cache.user(id: 7, session: "s1", now: Date()) == nil)
        _ = await cache.user(id: 7, session: "s1") { reads.record(Self.user) }
        _ = await cache.user(id: 7, session: "s1") { reads.record(Self.user) }
        #expect(reads.count == 6)
    }

    @Test func aChangeReportDropsThatUserInItsOwnSchemaOnly() {
        let now = Date()
        let other = User(
            id: 8, email: "bo@example.com", username: "bo", fullName: nil, passwordHash: "-", isActive: true,
            isSuperuser: false, createdAt: now
        )
        let cache = ActiveSessionCache(lifetime: 60)
        func fill() {
            cache.store(Self.user, session: "s1", generation: cache.generation, readAt: now)
            cache.store(other, session: "s2", generation: cache.generation, readAt: now)
        }
        fill()
        SessionChangeListener.apply("tenant_b:7", schema: "tenant_a", to: cache)
        #expect(cache.user(id: 7, session: "s1", now: now) == Self.user)

        SessionChangeListener.apply("tenant_a:7", schema: "tenant_a", to: cache)
        #expect(cache.user(id: 7, session: "s1", now: now) == nil)
        #expect(cache.user(id: 8, session: "s2", now: now) == other)

        fill()
        SessionChangeListener.apply("anywhere:8", schema: nil, to: cache)
        #expect(cache.user(id: 8, session: "s2", now: now) == nil)
        #expect(cache.user(id: 7, session: "s1", now: now) == Self.user)

        SessionChangeListener.apply("tenant_a:not-a-number", schema: "tenant_a", to: cache)
        #expect(cache.user(id: 7, session: "s1", now: now) == nil)
    }

    @Test func aCacheWithoutLifetimeAlwaysReads() async {
        let cache = ActiveSessionCache(lifetime: 0)
        let reads = ReadCounter()
        for _ in 0..<3 {
            #expect(await cache.user(id: 7, session: "s1") { reads.record(Self.user) } == Self.user)
        }
        #expect(reads.count == 3)
        #expect(cache.user(id: 7, session: "s1", now: Date()) == nil)
    }

    @Test func invalidationRemovesWhatItNames() {
        let cache = ActiveSessionCache()
        let now = Date()
        let other = User(
            id: 8, email: "bo@example.com", username: "bo", fullName: nil, passwordHash: "-", isActive: true,
            isSuperuser: false, createdAt: Self.user.createdAt
        )
        for (user, session) in [(Self.user, "s1"), (Self.user, "s2"), (other, "s3")] {
            cache.store(user, session: session, generation: cache.generation, readAt: now)
        }
        cache.invalidate(sessionID: "s1")
        #expect(cache.user(id: 7, session: "s1", now: now) == nil)
        #expect(cache.user(id: 7, session: "s2", now: now) == Self.user)
        cache.invalidate(userID: 7)
        #expect(cache.user(id: 7, session: "s2", now: now) == nil)
        #expect(cache.user(id: 8, session: "s3", now: now) == other)
        cache.invalidateAll()
        #expect(cache.user(id: 8, session: "s3", now: now) == nil)
    }
}

/// Counts the database reads a test's closure stands for.
private final class ReadCounter {
    private(set) var count = 0

    func record(_ user: User) -> User {
        self.count += 1
        return user
    }
}
