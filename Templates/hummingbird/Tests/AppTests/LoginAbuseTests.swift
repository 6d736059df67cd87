import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// What an attacker can do with the login limits, and through whom the server believes it is talking. The client
/// address is set through `X-Forwarded-For` of a trusted proxy (the test's own socket peer).
@Suite("Login abuse: limits per address, IPv6 networks, forwarded headers, oversized usernames")
struct LoginAbuseTests {
    static var trustLocalProxy: SettingsChange {
        .set(\.trustedProxies, [IPRange("127.0.0.1")!, IPRange("::1")!])
    }
    static let wrong = "Wrong#Garden42"

    static func login(
        _ client: any TestClientProtocol,
        _ username: String,
        password: String = TestValues.password,
        from address: String
    ) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encode = { (value: String) in value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value }
        let form = "username=\(encode(username))&password=\(encode(password))"
        return try await client.execute(
            uri: "\(TestValues.authPrefix)/token",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: address],
            body: ByteBuffer(string: form)
        )
    }

    /// 100 failures for `admin` from one address lock it there only: the right password from another address logs
    /// in, from the failing one it is refused with 429 and `Retry-After`. The lockout is on with its default
    /// numbers whatever the spec says.
    @Test(arguments: TestDatabase.available)
    func failuresFromOneAddressDoNotLockTheUserOutElsewhere(database: TestDatabase) async throws {
        let lockout = SettingsChange.set(\.lockout, LockoutSettings(after: 10, seconds: 900))
        try await withLiveApp(on: database, with: Self.trustLocalProxy, lockout) { client, _ in
            #expect(try await client.register("admin").status == .created)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<100 {
                statuses.append(try await Self.login(client, "admin", password: Self.wrong, from: "203.0.113.10").status)
            }
            #expect(Set(statuses) == [.unauthorized, .tooManyRequests])
            #expect(try await Self.login(client, "admin", from: "198.51.100.20").status == .ok)
            let fromAttacker = try await Self.login(client, "admin", from: "203.0.113.10")
            #expect(fromAttacker.status == .tooManyRequests)
            let retryAfter = fromAttacker.headers[.retryAfter].flatMap { Int($0) }
            #expect(retryAfter.map { $0 > 0 } == true)
        }
    }

    /// The per-username rate limit counts per address too: one address at its limit leaves the user's own login alone.
    @Test(arguments: TestDatabase.available)
    func theUsernameRateLimitIsPerAddress(database: TestDatabase) async throws {
        try await withLiveApp(on: database, with: Self.trustLocalProxy, RateLimitTests.limited) { client, _ in
            #expect(try await client.register("ruth").status == .created)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                statuses.append(try await Self.login(client, "ruth", password: Self.wrong, from: "203.0.113.11").status)
            }
            #expect(statuses.last == .tooManyRequests)
            #expect(try await Self.login(client, "ruth", from: "198.51.100.21").status == .ok)
        }
    }

    /// A stolen access token that changes its address on every guess of the current password still loses its session
    /// at the lockout's limit.
    @Test(arguments: TestDatabase.available)
    func passwordGuessesFromManyAddressesEndTheSession(database: TestDatabase) async throws {
        try await withLiveApp(on: database, with: Self.trustLocalProxy, .set(\.lockout, LockoutSettings(after: 3, seconds: 60))) {
            client,
            _ in
            let tokens = try await client.signUp("sasha")
            var statuses: [HTTPResponse.Status] = []
            for guess in 0..<3 {
                let response = try await client.execute(
                    uri: "\(TestValues.authPrefix)/password",
                    method: .post,
                    headers: [
                        .authorization: "Bearer \(tokens.accessToken)", .contentType: "application/json",
                        .xForwardedFor: "203.0.113.\(40 + guess)",
                    ],
                    body: ByteBuffer(string: #"{"current_password": "Wrong#Garden42", "new_password": "Rainy#Meadow77"}"#)
                )
                statuses.append(response.status)
            }
            #expect(statuses == [.badRequest, .badRequest, .unauthorized])
            #expect(try await client.me(tokens.accessToken).status == .unauthorized)
            #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            // The user's own login still works: none of those addresses is the user's.
            #expect(try await client.login("sasha").status == .ok)
        }
    }

    /// Addresses of one IPv6 /64 share the limits; another /64 has its own.
    @Test(arguments: TestDatabase.available)
    func ipv6ClientsCountPerSlash64(database: TestDatabase) async throws {
        try await withLiveApp(on: database, with: Self.trustLocalProxy, RateLimitTests.limited) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            for host in 1...4 {
                // A new username each time, so that only the per-address limit can apply.
                statuses.append(try await Self.login(client, "v6user\(host)", password: Self.wrong, from: "2001:db8:1:2::\(host)").status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            let otherNetwork = try await Self.login(client, "v6user5", password: Self.wrong, from: "2001:db8:1:3::1")
            #expect(otherNetwork.status == .unauthorized)
        }
    }

    /// A client that talks to the server directly cannot claim HTTPS with `X-Forwarded-Proto`.
    @Test func forwardedProtoFromAnUntrustedPeerIsIgnored() async throws {
        try await withLiveApp(on: .sqlite, with: .set(\.environment, .production), .set(\.httpsOnly, true)) { client, app in
            let claimed = try await client.execute(
                uri: "\(app.prefix)/me",
                method: .get,
                headers: [HTTPSOnlyMiddleware<AppRequestContext>.forwardedProto: "https"]
            )
            #expect(claimed.status == .forbidden)
            #expect(claimed.detail == "HTTPS required")
        }
    }

    @Test func forwardedProtoFromATrustedProxyIsBelieved() async throws {
        try await withLiveApp(on: .sqlite, with: .set(\.environment, .production), .set(\.httpsOnly, true), Self.trustLocalProxy) {
            client,
            app in
            let proxied = try await client.execute(
                uri: "\(app.prefix)/me",
                method: .get,
                headers: [HTTPSOnlyMiddleware<AppRequestContext>.forwardedProto: "https"]
            )
            #expect(proxied.status == .unauthorized)
            let plain = try await client.execute(uri: "\(app.prefix)/me", method: .get)
            #expect(plain.status == .forbidden)
        }
    }

    /// A 1 MB username is answered like any unknown user, with the rate limits and the lockout counting it.
    @Test(arguments: TestDatabase.available)
    func aHugeUsernameIsAnUnknownUser(database: TestDatabase) async throws {
        try await withApp(
            on: database,
            with: RateLimitTests.limited,
            .set(\.maxBodySize, 4 * 1_048_576)
        ) { client, _ in
            let huge = String(repeating: "a", count: 1_048_576)
            let normal = try await client.login("nobody-at-all", password: Self.wrong)
            let response = try await client.login(huge, password: Self.wrong)
            #expect(response.status == .unauthorized)
            #expect(response.detail == normal.detail)
            #expect(response.headers[.wwwAuthenticate] == normal.headers[.wwwAuthenticate])
        }
    }
}
