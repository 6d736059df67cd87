import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Email verification")
struct EmailVerificationTests {
    static let page = MailTemplates.verifyEmail.linkPath

    static func verify(_ client: any TestClientProtocol, token: String) async throws -> TestResponse {
        try await client.post("/auth/verify-email", json: ["token": token])
    }

    static func me(_ client: any TestClientProtocol, _ accessToken: String) async throws -> [String: Any] {
        try #require(try await client.me(accessToken).json)
    }

    @Test(arguments: TestDatabase.available)
    func registrationMailsALinkThatVerifiesTheAddress(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            let tokens = try await client.signUp("ava")
            #expect(try await Self.me(client, tokens.accessToken)["email_verified"] as? Bool == false)
            let mail = try #require(try await mails.waitFor(to: "ava@example.com", linkingTo: Self.page).first)
            #expect(try #require(mail.link).hasPrefix("http://localhost:3000\(Self.page)?token="))

            let verified = try await Self.verify(client, token: try #require(mail.token))
            #expect(verified.status == .ok)
            #expect(try verified.decode(MessageResponse.self) == MessageResponse(message: "Email verified"))
            #expect(try await Self.me(client, tokens.accessToken)["email_verified"] as? Bool == true)
            // The admin API shows it too.
            let user = try await client.me(tokens.accessToken).decode(UserResponse.self)
            _ = try await app.repository.updateUser(id: user.id, isActive: nil, isSuperuser: true)
            let listed = try await client.execute(
                uri: "\(SpecDefaults.apiPrefix)/users",
                method: .get,
                headers: [.authorization: "Bearer \(tokens.accessToken)"]
            )
            let users = try #require((try? JSONSerialization.jsonObject(with: Data(buffer: listed.body))) as? [[String: Any]])
            #expect(users.first { $0["id"] as? Int64 == user.id }?["email_verified"] as? Bool == true)
        }
    }

    /// With verification required, only someone who knows the password learns that the address is unverified.
    @Test(arguments: TestDatabase.available)
    func requiredVerificationRefusesTheLoginOnlyAfterTheRightPassword(database: TestDatabase) async throws {
        try await withMailApp(on: database, with: .set(\.emailVerificationRequired, true)) { client, _, mails in
            #expect(try await client.register("bea").status == .created)
            let wrong = try await client.login("bea", password: "Wrong#Garden42")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.detail == "Incorrect username or password")
            let right = try await client.login("bea")
            #expect(right.status == .forbidden)
            #expect(right.detail == "Email not verified")
            #expect(right.json?["access_token"] == nil)

            #expect(try await Self.verify(client, token: try await mails.token(to: "bea@example.com", linkingTo: Self.page)).status == .ok)
            #expect(try await client.login("bea").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func optionalVerificationOnlyInforms(database: TestDatabase) async throws {
        try await withMailApp(on: database, with: .set(\.emailVerificationRequired, false)) { client, _, _ in
            let tokens = try await client.signUp("cleo")
            #expect(try await Self.me(client, tokens.accessToken)["email_verified"] as? Bool == false)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aLinkWorksOnceAndAResendVoidsTheOlderOne(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            let tokens = try await client.signUp("dina")
            let older = try await mails.token(to: "dina@example.com", linkingTo: Self.page)
            let resent = try await client.post("/auth/verify-email/resend", json: [:] as [String: String], token: tokens.accessToken)
            #expect(resent.status == .accepted)
            let newer = try #require(try await mails.waitFor(2, to: "dina@example.com", linkingTo: Self.page).last?.token)
            let withOlder = try await Self.verify(client, token: older)
            #expect(withOlder.status == .badRequest)
            #expect(withOlder.detail == "Invalid or expired token")
            #expect(try await Self.verify(client, token: newer).status == .ok)
            let again = try await Self.verify(client, token: newer)
            #expect(again.status == .badRequest)
            #expect(again.detail == "Invalid or expired token")
        }
    }

    /// No account enumeration: unknown, verified and unverified addresses get the same answer; only the unverified
    /// one a mail.
    @Test(arguments: TestDatabase.available)
    func resendByAddressAnswersTheSameEitherWay(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            _ = try await client.signUp("edda")
            _ = try await client.signUp("fay")
            #expect(try await Self.verify(client, token: try await mails.token(to: "fay@example.com", linkingTo: Self.page)).status == .ok)
            var bodies: [Data] = []
            for email in ["nobody@example.com", "fay@example.com", "EDDA@example.com"] {
                let response = try await client.post("/auth/verify-email/resend", json: ["email": email])
                #expect(response.status == .accepted)
                bodies.append(Data(buffer: response.body))
            }
            #expect(Set(bodies).count == 1)
            _ = try await mails.waitFor(2, to: "edda@example.com", linkingTo: Self.page)
            #expect(try mails.mails().map(\.to) == ["edda@example.com", "fay@example.com", "edda@example.com"])
            let badBearer = try await client.post("/auth/verify-email/resend", json: ["email": "edda@example.com"], token: "not-a-token")
            #expect(badBearer.status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func expiredAndUnknownTokensAreRefused(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            let tokens = try await client.signUp("gia")
            let token = try await mails.token(to: "gia@example.com", linkingTo: Self.page)
            #expect(try #require(Base64URL.decode(token)).count >= 32)
            let stored = try await app.repository.execute(
                ExtensionStatement(sqlite: "SELECT digest FROM email_verification_tokens", postgres: "SELECT digest FROM email_verification_tokens"),
                []
            )
            #expect(stored.map { $0["digest"]?.text } == [OneTimeToken.digest(of: token)])
            _ = try await app.repository.execute(
                ExtensionStatement(
                    sqlite: "UPDATE email_verification_tokens SET expires_at = ?",
                    postgres: "UPDATE email_verification_tokens SET expires_at = $1"
                ),
                [.date(Date().addingTimeInterval(-1))]
            )
            #expect(try await Self.verify(client, token: token).status == .badRequest)
            #expect(try await Self.verify(client, token: OneTimeToken.digest(of: token)).status == .badRequest)
            #expect(try await Self.me(client, tokens.accessToken)["email_verified"] as? Bool == false)
            let malformed = try await client.post("/auth/verify-email", json: ["token": 7])
            #expect(malformed.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theEmailChangesOnlyOnceTheNewAddressIsConfirmed(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            let tokens = try await client.signUp("hana")
            _ = try await mails.waitFor(to: "hana@example.com")
            let change = try await client.post(
                "/auth/email",
                json: ["new_email": "Hana.New@Example.com", "password": TestValues.password],
                token: tokens.accessToken
            )
            #expect(change.status == .accepted)
            let link = try #require(try await mails.waitFor(to: "hana.new@example.com", linkingTo: Self.page).first)
            let notice = try #require(try await mails.waitFor(2, to: "hana@example.com").last)
            #expect(notice.token == nil)
            #expect(try await Self.me(client, tokens.accessToken)["email"] as? String == "hana@example.com")

            let confirmed = try await Self.verify(client, token: try #require(link.token))
            #expect(confirmed.status == .ok)
            #expect(try confirmed.decode(MessageResponse.self) == MessageResponse(message: "Email changed"))
            let me = try await Self.me(client, tokens.accessToken)
            #expect(me["email"] as? String == "hana.new@example.com")
            #expect(me["email_verified"] as? Bool == true)
            #expect(try await client.login("hana").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anEmailChangeNeedsThePasswordAndAFreeAddress(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            let tokens = try await client.signUp("ines")
            _ = try await client.signUp("jon")
            _ = try await mails.waitFor(to: "jon@example.com")
            let anonymous = try await client.post("/auth/email", json: ["new_email": "x@example.com", "password": TestValues.password])
            #expect(anonymous.status == .unauthorized)
            let wrong = try await client.post("/auth/email", json: ["new_email": "x@example.com", "password": "Wrong#Garden42"], token: tokens.accessToken)
            #expect(wrong.status == .badRequest)
            #expect(wrong.detail == "Incorrect password")
            let taken = try await client.post("/auth/email", json: ["new_email": "JON@example.com", "password": TestValues.password], token: tokens.accessToken)
            #expect(taken.status == .badRequest)
            #expect(taken.detail == "Email already registered")
            let invalid = try await client.post("/auth/email", json: ["new_email": "not an address", "password": TestValues.password], token: tokens.accessToken)
            #expect(invalid.status == .unprocessableContent)
            #expect(try mails.mails().compactMap(\.to).filter { $0 != "ines@example.com" && $0 != "jon@example.com" }.isEmpty)
        }
    }

    /// The new address was registered by someone else between the request and the confirmation: nothing changes.
    @Test(arguments: TestDatabase.available)
    func aConfirmationForAnAddressTakenMeanwhileIsRefused(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            let tokens = try await client.signUp("kai")
            _ = try await client.post("/auth/email", json: ["new_email": "lena@example.com", "password": TestValues.password], token: tokens.accessToken)
            let token = try await mails.token(to: "lena@example.com", linkingTo: Self.page)
            #expect(try await client.register("lena").status == .created)
            let refused = try await Self.verify(client, token: token)
            #expect(refused.status == .badRequest)
            #expect(refused.detail == "Email already registered")
            #expect(try await Self.me(client, tokens.accessToken)["email"] as? String == "kai@example.com")
        }
    }

    @Test(arguments: TestDatabase.available)
    func verificationRoutesAreRateLimited(database: TestDatabase) async throws {
        let limits = RateLimitSettings(
            enabled: true,
            login: RateLimitRule(limit: 2, windowSeconds: 60),
            register: RateLimitRule(limit: 10, windowSeconds: 60)
        )
        try await withMailApp(on: database, with: .set(\.rateLimits, limits)) { client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<3 {
                statuses.append(try await Self.verify(client, token: "guess-\(index)").status)
            }
            #expect(statuses == [.badRequest, .badRequest, .tooManyRequests])
        }
    }
}
