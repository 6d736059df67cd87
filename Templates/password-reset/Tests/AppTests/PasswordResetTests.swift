import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Password reset")
struct PasswordResetTests {
    static let newPassword = "Rainy#Meadow77"
    static let page = MailTemplates.passwordReset.linkPath

    static func request(_ client: any TestClientProtocol, email: String) async throws -> TestResponse {
        try await client.post("/auth/password-reset", json: ["email": email])
    }

    static func confirm(_ client: any TestClientProtocol, token: String, password: String = newPassword) async throws -> TestResponse {
        try await client.post("/auth/password-reset/confirm", json: ["token": token, "new_password": password])
    }

    @Test(arguments: TestDatabase.available)
    func resetSetsThePasswordAndEndsEverySession(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            let first = try await client.signUp("rita")
            let second = try await client.login("rita").decode(TokenResponse.self)

            let requested = try await Self.request(client, email: "Rita@Example.com")
            #expect(requested.status == .accepted)
            let mail = try #require(try await mails.waitFor(to: "rita@example.com", linkingTo: Self.page).first)
            #expect(try #require(mail.link).hasPrefix("http://localhost:3000\(Self.page)?token="))
            let token = try #require(mail.token)

            let confirmed = try await Self.confirm(client, token: token)
            #expect(confirmed.status == .ok)
            #expect(try confirmed.decode(MessageResponse.self) == MessageResponse(message: "Password updated"))
            #expect(try await client.login("rita").status == .unauthorized)
            #expect(try await client.login("rita", password: Self.newPassword).status == .ok)
            for session in [first, second] {
                TokenTests.expectInvalid(try await client.me(session.accessToken))
                #expect(try await client.refresh(session.refreshToken).status == .unauthorized)
            }
        }
    }

    /// No account enumeration: a known and an unknown address get the same status and body, and only the known one
    /// a mail.
    @Test(arguments: TestDatabase.available)
    func unknownAddressesGetTheSameAnswerAndNoMail(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            _ = try await client.signUp("sami")
            let unknown = try await Self.request(client, email: "nobody@example.com")
            let known = try await Self.request(client, email: "sami@example.com")
            #expect(unknown.status == .accepted)
            #expect(known.status == unknown.status)
            #expect(Data(buffer: known.body) == Data(buffer: unknown.body))
            #expect(known.headers[.contentType] == unknown.headers[.contentType])
            // Mails leave in order: once the known address's mail is there, one for the unknown would be too.
            _ = try await mails.waitFor(to: "sami@example.com", linkingTo: Self.page)
            #expect(try mails.mails().filter { $0.opens(Self.page) }.map(\.to) == ["sami@example.com"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTokenWorksOnce(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            _ = try await client.signUp("tess")
            _ = try await Self.request(client, email: "tess@example.com")
            let token = try await mails.token(to: "tess@example.com", linkingTo: Self.page)
            #expect(try await Self.confirm(client, token: token).status == .ok)
            let again = try await Self.confirm(client, token: token, password: "Other#Meadow88")
            #expect(again.status == .badRequest)
            #expect(again.detail == "Invalid or expired token")
            #expect(try await client.login("tess", password: Self.newPassword).status == .ok)
            #expect(try await client.login("tess", password: "Other#Meadow88").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aNewerRequestVoidsTheOlderLink(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            _ = try await client.signUp("ugo")
            _ = try await Self.request(client, email: "ugo@example.com")
            let older = try await mails.token(to: "ugo@example.com", linkingTo: Self.page)
            _ = try await Self.request(client, email: "ugo@example.com")
            let newer = try #require(try await mails.waitFor(2, to: "ugo@example.com", linkingTo: Self.page).last?.token)
            #expect(newer != older)
            let withOlder = try await Self.confirm(client, token: older)
            #expect(withOlder.status == .badRequest)
            #expect(withOlder.detail == "Invalid or expired token")
            #expect(try await client.login("ugo").status == .ok)
            #expect(try await Self.confirm(client, token: newer).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anExpiredTokenIsRefused(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            _ = try await client.signUp("vince")
            _ = try await Self.request(client, email: "vince@example.com")
            let token = try await mails.token(to: "vince@example.com", linkingTo: Self.page)
            // The link was mailed a whole TTL ago.
            let expired = Date().addingTimeInterval(-1)
            _ = try await app.repository.execute(
                ExtensionStatement(
                    sqlite: "UPDATE password_reset_tokens SET expires_at = ?",
                    postgres: "UPDATE password_reset_tokens SET expires_at = $1"
                ),
                [.date(expired)]
            )
            let response = try await Self.confirm(client, token: token)
            #expect(response.status == .badRequest)
            #expect(response.detail == "Invalid or expired token")
            #expect(try await client.login("vince").status == .ok)
        }
    }

    /// The database keeps only the token's SHA-256: someone who reads it cannot reset a password.
    @Test(arguments: TestDatabase.available)
    func theDatabaseHoldsOnlyADigestOfALongToken(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            _ = try await client.signUp("wes")
            _ = try await Self.request(client, email: "wes@example.com")
            let token = try await mails.token(to: "wes@example.com", linkingTo: Self.page)
            #expect(try #require(Base64URL.decode(token)).count >= 32)
            let rows = try await app.repository.execute(
                ExtensionStatement(sqlite: "SELECT digest FROM password_reset_tokens", postgres: "SELECT digest FROM password_reset_tokens"),
                []
            )
            let stored = try #require(rows.first?["digest"]?.text)
            #expect(rows.count == 1)
            #expect(stored == SHA256.hash(data: Array(token.utf8)).hexEncoded)
            #expect(try await Self.confirm(client, token: stored).status == .badRequest)
            #expect(try await Self.confirm(client, token: token).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theNewPasswordFollowsThePolicyAndARefusalKeepsTheLink(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            _ = try await client.signUp("xena")
            _ = try await Self.request(client, email: "xena@example.com")
            let token = try await mails.token(to: "xena@example.com", linkingTo: Self.page)
            for weak in ["short", "alllowercase#1", "NoSpecials123"] {
                let registration = try await client.register("weak_\(weak.count)", password: weak)
                let response = try await Self.confirm(client, token: token, password: weak)
                #expect(response.status == .unprocessableContent)
                #expect(response.detail == registration.detail)
            }
            #expect(try await client.login("xena").status == .ok)
            #expect(try await Self.confirm(client, token: token).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func unknownTokensAndMalformedBodiesAreRefused(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, _ in
            let unknown = try await Self.confirm(client, token: OneTimeToken.generate().value)
            #expect(unknown.status == .badRequest)
            #expect(unknown.detail == "Invalid or expired token")
            for (path, body) in [
                ("/auth/password-reset", "{}"), ("/auth/password-reset", #"{"email": 7}"#),
                ("/auth/password-reset/confirm", #"{"token": "x"}"#), ("/auth/password-reset/confirm", "["),
            ] {
                let response = try await client.execute(
                    uri: "\(SpecDefaults.apiPrefix)\(path)",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: body)
                )
                #expect(response.status == .unprocessableContent)
                #expect(response.detail != nil)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func anInactiveAccountGetsNoMail(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            let yves = try await client.register("yves").decode(UserResponse.self)
            _ = try await client.signUp("zora")
            try await app.repository.setActive(false, userID: yves.id)
            #expect(try await Self.request(client, email: "yves@example.com").status == .accepted)
            _ = try await Self.request(client, email: "zora@example.com")
            _ = try await mails.waitFor(to: "zora@example.com", linkingTo: Self.page)
            #expect(try mails.mails().filter { $0.opens(Self.page) }.map(\.to) == ["zora@example.com"])
        }
    }

    /// Both routes are rate-limited per client address, and requests per email address too, so nobody fills a
    /// mailbox with reset links.
    @Test(arguments: TestDatabase.available)
    func requestsAreRateLimited(database: TestDatabase) async throws {
        let limits = RateLimitSettings(
            enabled: true,
            login: RateLimitRule(limit: 2, windowSeconds: 60),
            register: RateLimitRule(limit: 10, windowSeconds: 60)
        )
        try await withMailApp(on: database, with: .set(\.rateLimits, limits)) { client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(try await Self.request(client, email: "anna@example.com").status)
            }
            #expect(statuses == [.accepted, .accepted, .tooManyRequests])
            var confirms: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                confirms.append(try await Self.confirm(client, token: "unknown").status)
            }
            #expect(confirms == [.badRequest, .badRequest, .tooManyRequests])
        }
    }
}
