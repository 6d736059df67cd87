import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// The tables of sessions, refresh tokens and counters stay bounded: expired rows are purged, refreshes are limited.
@Suite("Purge of expired rows, refresh limits")
struct PurgeTests {
    @Test(arguments: TestDatabase.available)
    func purgeDeletesExpiredAndRevokedRowsAndKeepsLiveOnes(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let store = app.repository
            let now = Date()
            let dayAgo = now.addingTimeInterval(-86_400)
            let live = try await client.signUp("pia")
            let userID = try TokenTests.claims(of: live.accessToken).userID
            let loggedOut = try await client.login("pia").decode(TokenResponse.self)
            #expect(try await client.logout(loggedOut.accessToken).status == .ok)
            // A session whose only refresh token expired, and one that has just started (no token stored yet).
            try await store.createSession(id: "expired-session", userID: userID, now: dayAgo.addingTimeInterval(-86_400))
            try await store.storeRefreshToken(
                StoredRefreshToken(digest: "expired-token", userID: userID, sessionID: "expired-session", expiresAt: dayAgo)
            )
            try await store.createSession(id: "starting-session", userID: userID, now: now)
            _ = try await store.hit("current-window", windowSeconds: 60, now: now)
            _ = try await store.hit("past-window", windowSeconds: 60, now: dayAgo)
            try await store.recordLoginFailure(key: "recent-failure", lockAfter: 3, lockSeconds: 60, now: now)
            try await store.recordLoginFailure(key: "old-failure", lockAfter: 3, lockSeconds: 60, now: dayAgo)

            let purged = try await PurgedRows.purge(sessions: store, counters: store, now: now, forgetFailuresSeconds: 60)
            #expect(purged == PurgedRows(sessions: 2, refreshTokens: 2, counters: 1, loginFailures: 1))
            // A second purge finds nothing more.
            #expect(try await PurgedRows.purge(sessions: store, counters: store, now: now, forgetFailuresSeconds: 60) == PurgedRows(sessions: 0, refreshTokens: 0, counters: 0, loginFailures: 0))

            #expect(try await client.me(live.accessToken).status == .ok)
            #expect(try await client.refresh(live.refreshToken).status == .ok)
            #expect(try await client.me(loggedOut.accessToken).status == .unauthorized)
            #expect(try await client.refresh(loggedOut.refreshToken).status == .unauthorized)
            #expect(try await store.isSessionActive("starting-session", userID: userID))
            #expect(try await store.hit("current-window", windowSeconds: 60, now: now).count == 2)
            #expect(try await store.loginFailures(key: "recent-failure", forgetSeconds: 60, now: now) == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theServerPurgesInTheBackground(database: TestDatabase) async throws {
        try await withLiveApp(on: database, with: .set(\.purgeIntervalSeconds, 1)) { client, app in
            let tokens = try await client.signUp("quinn")
            #expect(try await client.logout(tokens.accessToken).status == .ok)
            // Two intervals: the service has purged at least once, so a purge now finds the logged-out session gone.
            try await Task.sleep(for: .milliseconds(2500))
            let purged = try await PurgedRows.purge(
                sessions: app.repository, counters: app.repository, now: Date(), forgetFailuresSeconds: 60
            )
            #expect(purged.sessions == 0)
        }
    }

    static func refresh(_ client: any TestClientProtocol, _ token: String, from address: String) async throws -> TestResponse {
        try await client.execute(
            uri: "\(TestValues.authPrefix)/refresh",
            method: .post,
            headers: [.contentType: "application/json", .xForwardedFor: address],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["refresh_token": token]))
        )
    }

    /// Refreshes are limited per session (whatever the address) and per client address (whatever the session).
    @Test(arguments: TestDatabase.available)
    func refreshIsLimitedPerSessionAndPerAddress(database: TestDatabase) async throws {
        let limits: SettingsChange = .set(
            \.rateLimits,
            RateLimitSettings(
                enabled: true,
                login: RateLimitRule(limit: 10, windowSeconds: 60),
                register: RateLimitRule(limit: 10, windowSeconds: 60),
                refresh: RateLimitRule(limit: 2, windowSeconds: 60)
            )
        )
        try await withLiveApp(on: database, with: LoginAbuseTests.trustLocalProxy, limits) { client, _ in
            var token = try await client.signUp("rory").refreshToken
            for _ in 0..<2 {
                let response = try await Self.refresh(client, token, from: "203.0.113.30")
                #expect(response.status == .ok)
                token = try response.decode(TokenResponse.self).refreshToken
            }
            let sameSession = try await Self.refresh(client, token, from: "198.51.100.30")
            #expect(sameSession.status == .tooManyRequests)
            #expect(sameSession.headers[.retryAfter] != nil)

            let other = try await client.login("rory").decode(TokenResponse.self)
            let sameAddress = try await Self.refresh(client, other.refreshToken, from: "203.0.113.30")
            #expect(sameAddress.status == .tooManyRequests)
            #expect(try await Self.refresh(client, other.refreshToken, from: "198.51.100.31").status == .ok)
        }
    }
}
