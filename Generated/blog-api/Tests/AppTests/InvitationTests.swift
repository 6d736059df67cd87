import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Invitations")
struct InvitationTests {
    static let password = "Rainy#Meadow77"
    static let page = MailTemplates.invitation.linkPath

    /// A superuser's access token; the superuser is made as `create-superuser` makes one, so registration may be closed.
    static func admin(_ client: any TestClientProtocol, _ app: TestContext, _ username: String = "boss") async throws -> String {
        let hash = try await PasswordHasher(cost: app.settings.bcryptCost).hash(TestValues.password)
        _ = try await app.repository.createUser(
            NewUser(email: "\(username)@example.com", username: username, passwordHash: hash, isSuperuser: true)
        )
        return try await client.login(username).decode(TokenResponse.self).accessToken
    }

    static func invite(_ client: any TestClientProtocol, _ email: String, superuser: Bool? = nil, token: String?) async throws -> TestResponse {
        var body: [String: Any] = ["email": email]
        if let superuser { body["is_superuser"] = superuser }
        return try await client.post("/users/invitations", json: body, token: token)
    }

    static func accept(_ client: any TestClientProtocol, token: String, username: String, password: String = password) async throws -> TestResponse {
        try await client.post("/auth/invitations/accept", json: ["token": token, "username": username, "password": password])
    }

    @Test(arguments: TestDatabase.available)
    func anInviteeCreatesTheAccountWithTheMailedLinkOnAClosedServer(database: TestDatabase) async throws {
        try await withMailApp(on: database, with: .set(\.registrationOpen, false)) { client, app, mails in
            let admin = try await Self.admin(client, app)
            #expect(try await client.register("nina").status == .forbidden)
            let invited = try await Self.invite(client, "Nina@Example.com", superuser: true, token: admin)
            #expect(invited.status == .created)
            let invitation = try invited.decode(Invitation.self)
            #expect(invitation.email == "nina@example.com")
            #expect(invitation.isSuperuser)
            let mail = try #require(try await mails.waitFor(to: "nina@example.com", linkingTo: Self.page).first)
            #expect(try #require(mail.link).hasPrefix("http://localhost:3000\(Self.page)?token="))
            #expect(!String(buffer: invited.body).contains(try #require(mail.token)))

            let accepted = try await Self.accept(client, token: try #require(mail.token), username: "nina")
            #expect(accepted.status == .created)
            let user = try accepted.decode(UserResponse.self)
            #expect(user.email == "nina@example.com")
            #expect(user.username == "nina")
            #expect(user.isSuperuser)
            // The link reached the address: it needs no verification mail of its own.
            #expect(accepted.json?["email_verified"] as? Bool == true)
            let login = try await client.login("nina", password: Self.password)
            #expect(login.status == .ok)
            // Accepted invitations are no longer pending.
            let pending = try await client.execute(uri: "\(SpecDefaults.apiPrefix)/users/invitations", method: .get, headers: [.authorization: "Bearer \(admin)"])
            #expect(try pending.decode([Invitation].self).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func onlySuperusersInvite(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, _, mails in
            let user = try await client.signUp("olga")
            #expect(try await Self.invite(client, "x@example.com", token: nil).status == .unauthorized)
            let asUser = try await Self.invite(client, "x@example.com", token: user.accessToken)
            #expect(asUser.status == .forbidden)
            #expect(asUser.detail == "Not enough permissions")
            let list = try await client.execute(uri: "\(SpecDefaults.apiPrefix)/users/invitations", method: .get, headers: [.authorization: "Bearer \(user.accessToken)"])
            #expect(list.status == .forbidden)
            #expect(try mails.mails().filter { $0.opens(Self.page) }.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anInvitationWorksOnce(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            let admin = try await Self.admin(client, app)
            _ = try await Self.invite(client, "pia@example.com", token: admin)
            let token = try await mails.token(to: "pia@example.com", linkingTo: Self.page)
            #expect(try await Self.accept(client, token: token, username: "pia").status == .created)
            let again = try await Self.accept(client, token: token, username: "pia2")
            #expect(again.status == .badRequest)
            #expect(again.detail == "Invalid or expired invitation")
            #expect(try await client.login("pia2", password: Self.password).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func revokedExpiredAndReplacedInvitationsAreRefused(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            let admin = try await Self.admin(client, app)
            // Revoked.
            let invitation = try await Self.invite(client, "quin@example.com", token: admin).decode(Invitation.self)
            let revokedToken = try await mails.token(to: "quin@example.com", linkingTo: Self.page)
            let revoked = try await client.execute(
                uri: "\(SpecDefaults.apiPrefix)/users/invitations/\(invitation.id)",
                method: .delete,
                headers: [.authorization: "Bearer \(admin)"]
            )
            #expect(revoked.status == .noContent)
            let again = try await client.execute(
                uri: "\(SpecDefaults.apiPrefix)/users/invitations/\(invitation.id)",
                method: .delete,
                headers: [.authorization: "Bearer \(admin)"]
            )
            #expect(again.status == .notFound)
            #expect(try await Self.accept(client, token: revokedToken, username: "quin").detail == "Invalid or expired invitation")

            // Replaced by a newer invitation of the address.
            _ = try await Self.invite(client, "rosa@example.com", token: admin)
            let older = try await mails.token(to: "rosa@example.com", linkingTo: Self.page)
            _ = try await Self.invite(client, "rosa@example.com", token: admin)
            let newer = try #require(try await mails.waitFor(2, to: "rosa@example.com", linkingTo: Self.page).last?.token)
            #expect(try await Self.accept(client, token: older, username: "rosa").status == .badRequest)

            // Expired.
            _ = try await app.repository.execute(
                ExtensionStatement(sqlite: "UPDATE invitations SET expires_at = ?", postgres: "UPDATE invitations SET expires_at = $1"),
                [.date(Date().addingTimeInterval(-1))]
            )
            let expired = try await Self.accept(client, token: newer, username: "rosa")
            #expect(expired.status == .badRequest)
            #expect(expired.detail == "Invalid or expired invitation")
            for username in ["quin", "rosa"] {
                #expect(try await client.login(username, password: Self.password).status == .unauthorized)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func registeredAddressesAreNotInvitedAndBadAcceptsKeepTheLink(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            let admin = try await Self.admin(client, app)
            _ = try await client.signUp("sven")
            let taken = try await Self.invite(client, "SVEN@example.com", token: admin)
            #expect(taken.status == .badRequest)
            #expect(taken.detail == "Email already registered")
            #expect(try await Self.invite(client, "not-an-address", token: admin).status == .unprocessableContent)

            _ = try await Self.invite(client, "tara@example.com", token: admin)
            let token = try await mails.token(to: "tara@example.com", linkingTo: Self.page)
            #expect(try await Self.accept(client, token: token, username: "tara", password: "weak").status == .unprocessableContent)
            #expect(try await Self.accept(client, token: token, username: "no spaces").status == .unprocessableContent)
            let usernameTaken = try await Self.accept(client, token: token, username: "sven")
            #expect(usernameTaken.status == .badRequest)
            #expect(usernameTaken.detail == "Username already registered")
            #expect(try await Self.accept(client, token: token, username: "tara").status == .created)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDatabaseHoldsOnlyADigest(database: TestDatabase) async throws {
        try await withMailApp(on: database) { client, app, mails in
            let admin = try await Self.admin(client, app)
            _ = try await Self.invite(client, "ugo@example.com", token: admin)
            let token = try await mails.token(to: "ugo@example.com", linkingTo: Self.page)
            #expect(try #require(Base64URL.decode(token)).count >= 32)
            let rows = try await app.repository.execute(
                ExtensionStatement(sqlite: "SELECT digest FROM invitations", postgres: "SELECT digest FROM invitations"),
                []
            )
            #expect(rows.map { $0["digest"]?.text } == [OneTimeToken.digest(of: token)])
            #expect(try await Self.accept(client, token: OneTimeToken.digest(of: token), username: "ugo").status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.available)
    func acceptingIsRateLimited(database: TestDatabase) async throws {
        let limits = RateLimitSettings(
            enabled: true,
            login: RateLimitRule(limit: 5, windowSeconds: 60),
            register: RateLimitRule(limit: 2, windowSeconds: 60)
        )
        try await withMailApp(on: database, with: .set(\.rateLimits, limits)) { client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<3 {
                statuses.append(try await Self.accept(client, token: "guess-\(index)", username: "vic").status)
            }
            #expect(statuses == [.badRequest, .badRequest, .tooManyRequests])
        }
    }
}
