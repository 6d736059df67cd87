import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// `GET /auth/sessions`, `DELETE /auth/sessions/{id}`, `POST /auth/logout-all` and the superusers'
/// `/users/{id}/sessions`, tried as a user (or an attacker holding one user's token) would.
@Suite("Sessions a user controls")
struct SessionControlTests {
    static let sessions = "\(TestValues.authPrefix)/sessions"
    static let users = "\(SpecDefaults.apiPrefix)/users"
    static let formPassword = TestValues.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""

    /// Logs in with a `User-Agent` (and an `X-Forwarded-For`, which only a trusted proxy may send).
    static func login(
        _ client: any TestClientProtocol,
        _ username: String,
        userAgent: String? = nil,
        forwardedFor: String? = nil
    ) async throws -> TokenResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let userAgent { headers[.userAgent] = userAgent }
        if let forwardedFor { headers[.xForwardedFor] = forwardedFor }
        let response = try await client.execute(
            uri: "\(TestValues.authPrefix)/token",
            method: .post,
            headers: headers,
            body: ByteBuffer(string: "username=\(username)&password=\(Self.formPassword)")
        )
        #expect(response.status == .ok)
        return try response.decode(TokenResponse.self)
    }

    static func list(_ client: any TestClientProtocol, token: String, uri: String = sessions) async throws -> [SessionResponse] {
        let response = try await client.send(.get, uri, token: token)
        #expect(response.status == .ok)
        #expect(response.headers[.cacheControl] == "no-store")
        return try response.decode([SessionResponse].self)
    }

    /// The session id of the tokens; "" (no session's id) when the token cannot be read.
    static func sid(_ tokens: TokenResponse) -> String {
        (try? TokenTests.claims(of: tokens.accessToken).sid) ?? ""
    }

    @Test(arguments: TestDatabase.available)
    func theListHoldsTheCallersOpenSessionsAndMarksTheCurrentOne(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            try #require(try await client.register("ada").status == .created)
            try #require(try await client.register("bob").status == .created)
            let phone = try await Self.login(client, "ada", userAgent: "Phone/1.0")
            let laptop = try await Self.login(client, "ada", userAgent: "Laptop/2.0")
            let ended = try await Self.login(client, "ada", userAgent: "Old/0.1")
            #expect(try await client.logout(ended.accessToken).status == .ok)
            _ = try await Self.login(client, "bob", userAgent: "Bob/1.0")

            let seen = try await Self.list(client, token: phone.accessToken)
            #expect(Set(seen.map(\.id)) == [Self.sid(phone), Self.sid(laptop)])
            #expect(seen.filter(\.current).map(\.id) == [Self.sid(phone)])
            #expect(Set(seen.compactMap(\.userAgent)) == ["Phone/1.0", "Laptop/2.0"])
            for session in seen {
                #expect(session.lastUsedAt >= session.createdAt)
                // Through the router there is no peer: no address to show.
                #expect(session.clientAddress == nil)
            }
            let fromLaptop = try await Self.list(client, token: laptop.accessToken)
            #expect(fromLaptop.filter(\.current).map(\.id) == [Self.sid(laptop)])

            let anonymous = try await client.send(.get, Self.sessions, token: nil)
            #expect(anonymous.status == .unauthorized)
            TokenTests.expectInvalid(try await client.send(.get, Self.sessions, token: ended.accessToken))
        }
    }

    @Test(arguments: TestDatabase.available)
    func endingASessionStopsItsTokensAtOnce(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            try #require(try await client.register("cleo").status == .created)
            let kept = try await Self.login(client, "cleo")
            let lost = try await Self.login(client, "cleo")
            #expect(try await client.me(lost.accessToken).status == .ok)

            let ended = try await client.send(.delete, "\(Self.sessions)/\(Self.sid(lost))", token: kept.accessToken)
            #expect(ended.status == .noContent)
            TokenTests.expectInvalid(try await client.me(lost.accessToken))
            #expect(try await client.refresh(lost.refreshToken).status == .unauthorized)
            #expect(try await client.me(kept.accessToken).status == .ok)
            #expect(try await Self.list(client, token: kept.accessToken).map(\.id) == [Self.sid(kept)])

            // Ended once, it is not there to end again.
            let again = try await client.send(.delete, "\(Self.sessions)/\(Self.sid(lost))", token: kept.accessToken)
            #expect(again.status == .notFound)
            #expect(again.detail == "Session not found")
        }
    }

    /// A user holding only their own token cannot end (nor learn of) another user's session.
    @Test(arguments: TestDatabase.available)
    func anotherUsersSessionIsNotFound(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            try #require(try await client.register("dora").status == .created)
            try #require(try await client.register("eve").status == .created)
            let dora = try await Self.login(client, "dora")
            let eve = try await Self.login(client, "eve")

            for id in [Self.sid(dora), "no-such-session"] {
                let attempt = try await client.send(.delete, "\(Self.sessions)/\(id)", token: eve.accessToken)
                #expect(attempt.status == .notFound)
                #expect(attempt.detail == "Session not found")
            }
            #expect(try await client.me(dora.accessToken).status == .ok)
            #expect(try await client.refresh(dora.refreshToken).status == .ok)
            #expect(try await Self.list(client, token: eve.accessToken).map(\.id) == [Self.sid(eve)])
        }
    }

    @Test(arguments: TestDatabase.available)
    func logoutAllEndsEverySessionOrEveryOtherOne(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            try #require(try await client.register("fay").status == .created)
            let current = try await Self.login(client, "fay")
            let others = [try await Self.login(client, "fay"), try await Self.login(client, "fay")]

            let keeping = try await client.send(.post, "\(TestValues.authPrefix)/logout-all", token: current.accessToken, json: ["keep_current": true])
            #expect(keeping.status == .ok)
            #expect(try keeping.decode(MessageResponse.self) == MessageResponse(message: "Every other session has ended"))
            for other in others {
                TokenTests.expectInvalid(try await client.me(other.accessToken))
                #expect(try await client.refresh(other.refreshToken).status == .unauthorized)
            }
            #expect(try await client.me(current.accessToken).status == .ok)
            #expect(try await Self.list(client, token: current.accessToken).map(\.id) == [Self.sid(current)])

            let wrongType = try await client.send(.post, "\(TestValues.authPrefix)/logout-all", token: current.accessToken, json: ["keep_current": "yes"])
            #expect(wrongType.status == .unprocessableContent)
            #expect(try await client.me(current.accessToken).status == .ok)

            let second = try await Self.login(client, "fay")
            let all = try await client.send(.post, "\(TestValues.authPrefix)/logout-all", token: current.accessToken)
            #expect(all.status == .ok)
            #expect(try all.decode(MessageResponse.self) == MessageResponse(message: "Every session has ended"))
            for session in [current, second] {
                TokenTests.expectInvalid(try await client.me(session.accessToken))
                #expect(try await client.refresh(session.refreshToken).status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func superusersListAndEndTheSessionsOfAnyUser(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let admin = try (try await client.register("gus")).decode(UserResponse.self)
            _ = try await app.repository.updateUser(id: admin.id, isActive: nil, isSuperuser: true)
            let adminTokens = try await Self.login(client, "gus")
            let hal = try (try await client.register("hal")).decode(UserResponse.self)
            let halFirst = try await Self.login(client, "hal", userAgent: "First/1")
            let halSecond = try await Self.login(client, "hal")
            try #require(try await client.register("ivy").status == .created)
            let ivy = try await Self.login(client, "ivy")
            let halSessions = "\(Self.users)/\(hal.id)/sessions"

            // Not for a user, not even about their own sessions.
            let asUser = try await client.send(.get, halSessions, token: halFirst.accessToken)
            #expect(asUser.status == .forbidden)
            #expect(try await client.send(.delete, halSessions, token: halFirst.accessToken).status == .forbidden)
            #expect(try await client.send(.get, halSessions, token: nil).status == .unauthorized)

            let listed = try await Self.list(client, token: adminTokens.accessToken, uri: halSessions)
            #expect(Set(listed.map(\.id)) == [Self.sid(halFirst), Self.sid(halSecond)])
            let anyCurrent = listed.contains(where: \.current)
            #expect(!anyCurrent)
            #expect(listed.first { $0.id == Self.sid(halFirst) }?.userAgent == "First/1")
            let unknownUser = try await client.send(.get, "\(Self.users)/999999/sessions", token: adminTokens.accessToken)
            #expect(unknownUser.status == .notFound)
            #expect(unknownUser.detail == "User not found")

            // Ivy's session through Hal's path is not Hal's.
            let crossed = try await client.send(.delete, "\(halSessions)/\(Self.sid(ivy))", token: adminTokens.accessToken)
            #expect(crossed.status == .notFound)
            #expect(try await client.me(ivy.accessToken).status == .ok)

            let one = try await client.send(.delete, "\(halSessions)/\(Self.sid(halFirst))", token: adminTokens.accessToken)
            #expect(one.status == .noContent)
            TokenTests.expectInvalid(try await client.me(halFirst.accessToken))
            #expect(try await client.me(halSecond.accessToken).status == .ok)

            let halThird = try await Self.login(client, "hal")
            let all = try await client.send(.delete, halSessions, token: adminTokens.accessToken)
            #expect(all.status == .noContent)
            for session in [halSecond, halThird] {
                TokenTests.expectInvalid(try await client.me(session.accessToken))
                #expect(try await client.refresh(session.refreshToken).status == .unauthorized)
            }
            #expect(try await Self.list(client, token: adminTokens.accessToken, uri: halSessions).isEmpty)
            #expect(try await client.me(ivy.accessToken).status == .ok)
            #expect(try await client.me(adminTokens.accessToken).status == .ok)
            #expect(try await client.send(.delete, "\(Self.users)/999999/sessions", token: adminTokens.accessToken).status == .notFound)
        }
    }

    /// Through a trusted proxy on a real socket: the list shows the client's /24 or /48, never its address.
    @Test(arguments: TestDatabase.available)
    func theListShowsTheClientsNetworkOnly(database: TestDatabase) async throws {
        let proxies = [try #require(IPRange("127.0.0.1")), try #require(IPRange("::1"))]
        try await withLiveApp(on: database, with: .set(\.trustedProxies, proxies)) { client, _ in
            try #require(try await client.register("jan").status == .created)
            let v4 = try await Self.login(client, "jan", forwardedFor: "203.0.113.77")
            let v6 = try await Self.login(client, "jan", forwardedFor: "2001:db8:abcd:12:3456:789a:bcde:f012")
            let seen = try await Self.list(client, token: v4.accessToken)
            let networks = Dictionary(uniqueKeysWithValues: seen.map { ($0.id, $0.clientAddress) })
            #expect(networks[Self.sid(v4)] == "203.0.113.0/24")
            #expect(networks[Self.sid(v6)] == "2001:db8:abcd::/48")
            let body = String(buffer: try await client.send(.get, Self.sessions, token: v4.accessToken).body)
            #expect(!body.contains("203.0.113.77"))
            #expect(!body.contains("3456"))
        }
    }

    @Test func networksAreCutToTheirPrefix() {
        #expect(NetworkPrefix.of("198.51.100.200") == "198.51.100.0/24")
        #expect(NetworkPrefix.of("::ffff:198.51.100.200") == "198.51.100.0/24")
        #expect(NetworkPrefix.of("2001:db8:1:2:3:4:5:6") == "2001:db8:1::/48")
        // The rate limits' key of an IPv6 client is already its /64.
        #expect(NetworkPrefix.of(ClientAddressMiddleware.limitKey(for: "2001:db8:ff00:42::1")) == "2001:db8:ff00::/48")
        #expect(NetworkPrefix.of("unknown") == nil)
        #expect(NetworkPrefix.of("") == nil)
    }

    @Test func aSessionsUseIsWrittenAtMostOnceAMinute() {
        let throttle = SessionUseThrottle()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(throttle.shouldRecord(session: "a", at: start))
        #expect(!throttle.shouldRecord(session: "a", at: start.addingTimeInterval(1)))
        #expect(!throttle.shouldRecord(session: "a", at: start.addingTimeInterval(59.9)))
        #expect(throttle.shouldRecord(session: "b", at: start.addingTimeInterval(30)))
        #expect(throttle.shouldRecord(session: "a", at: start.addingTimeInterval(60)))
        #expect(!throttle.shouldRecord(session: "a", at: start.addingTimeInterval(61)))
        // Sessions not used for a minute are forgotten, so the table does not grow with every session ever seen.
        #expect(throttle.shouldRecord(session: "c", at: start.addingTimeInterval(200)))
        #expect(throttle.count == 1)
    }

    /// The first use on a process writes the last use; further uses within the minute on that process do not.
    @Test(arguments: TestDatabase.available)
    func lastUseIsWrittenByTheFirstUseOnAProcess(database: TestDatabase) async throws {
        try await withReplicas(on: database) { first, second in
            try #require(try await first.client.register("kit").status == .created)
            let tokens = try await Self.login(first.client, "kit")
            let sid = Self.sid(tokens)
            let longAgo = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3600).rounded(.down))
            _ = try await first.context.repository.execute(.updateSessionLastUse, [.date(longAgo), .text(sid)])

            // The login counted as this process's write: a use right after it writes nothing.
            #expect(try await first.client.me(tokens.accessToken).status == .ok)
            let unchanged = try await Self.list(first.client, token: tokens.accessToken)
            #expect(unchanged.map(\.lastUsedAt) == [longAgo])

            // The other process has not written this session's use yet: its first request does.
            #expect(try await second.client.me(tokens.accessToken).status == .ok)
            let written = try await Self.list(first.client, token: tokens.accessToken)
            #expect(written.count == 1)
            #expect(written[0].lastUsedAt > longAgo.addingTimeInterval(3000))
        }
    }

    /// A session's first use on a process writes its last use: that write must leave the process's cache of session
    /// checks alone, or it would be emptied for every user once a minute per session.
    @Test(arguments: TestDatabase.available.filter(\.isPostgres))
    func writingALastUseKeepsTheCacheOfSessionChecks(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, second in
            try #require(try await first.client.register("max").status == .created)
            try #require(try await first.client.register("noa").status == .created)
            let maxTokens = try await Self.login(first.client, "max")
            let max = try TokenTests.claims(of: maxTokens.accessToken)
            let noa = try await Self.login(first.client, "noa")
            try await second.untilListening()
            #expect(try await second.client.me(maxTokens.accessToken).status == .ok)
            let cached = second.cache.user(id: max.userID, session: Self.sid(maxTokens), now: Date())
            #expect(cached != nil)

            // Noa's first request on the second process writes her session's last use.
            #expect(try await second.client.me(noa.accessToken).status == .ok)
            let stillCached = second.cache.user(id: max.userID, session: Self.sid(maxTokens), now: Date())
            #expect(stillCached != nil)
        }
    }

    /// Listed on one process, ended through the other: both refuse the token at once (each caches session checks
    /// for a minute; PostgreSQL tells every process of the change).
    @Test(arguments: TestDatabase.available.filter(\.isPostgres))
    func aSessionEndedOnOneProcessIsRefusedByBoth(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, second in
            try #require(try await first.client.register("lea").status == .created)
            let phone = try await Self.login(first.client, "lea")
            let laptop = try await Self.login(second.client, "lea")
            let claims = try TokenTests.claims(of: phone.accessToken)
            for replica in [first, second] {
                try await replica.untilListening()
                #expect(try await replica.client.me(phone.accessToken).status == .ok)
            }
            let listed = try await Self.list(first.client, token: laptop.accessToken)
            #expect(Set(listed.map(\.id)) == [claims.sid, Self.sid(laptop)])

            let ended = try await second.client.send(.delete, "\(Self.sessions)/\(claims.sid)", token: laptop.accessToken)
            #expect(ended.status == .noContent)
            for replica in [first, second] {
                try await replica.untilDropped(userID: claims.userID, session: claims.sid)
                TokenTests.expectInvalid(try await replica.client.me(phone.accessToken))
                #expect(try await replica.client.me(laptop.accessToken).status == .ok)
            }
        }
    }
}
