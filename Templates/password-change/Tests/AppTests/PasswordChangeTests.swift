import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Password change")
struct PasswordChangeTests {
    static let newPassword = "Rainy#Meadow77"

    static func change(
        _ client: any TestClientProtocol,
        token: String?,
        current: String,
        new: String
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(
            uri: "\(TestValues.authPrefix)/password",
            method: .post,
            headers: headers,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["current_password": current, "new_password": new]))
        )
    }

    @Test(arguments: TestDatabase.available)
    func changeKeepsThisLoginAndEndsEveryOther(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let current = try await client.signUp("vera")
            let other = try await client.login("vera").decode(TokenResponse.self)
            #expect(try await client.me(other.accessToken).status == .ok)

            let response = try await Self.change(client, token: current.accessToken, current: TestValues.password, new: Self.newPassword)
            #expect(response.status == .ok)
            #expect(try response.decode(MessageResponse.self) == MessageResponse(message: "Password updated"))

            #expect(try await client.login("vera").status == .unauthorized)
            #expect(try await client.login("vera", password: Self.newPassword).status == .ok)
            // The other login: refresh token and access token both stop.
            TokenTests.expectInvalid(try await client.me(other.accessToken))
            #expect(try await client.refresh(other.refreshToken).status == .unauthorized)
            // The login that changed the password goes on.
            #expect(try await client.me(current.accessToken).status == .ok)
            #expect(try await client.refresh(current.refreshToken).status == .ok)
            // This login knows the new password at once (it authenticated with the old one just before).
            let again = try await Self.change(client, token: current.accessToken, current: Self.newPassword, new: TestValues.password)
            #expect(again.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongCurrentPasswordChangesNothing(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("walt")
            let other = try await client.login("walt").decode(TokenResponse.self)
            let response = try await Self.change(client, token: tokens.accessToken, current: "Wrong#Garden42", new: Self.newPassword)
            #expect(response.status == .badRequest)
            #expect(response.detail == "Incorrect password")
            #expect(try await client.login("walt").status == .ok)
            #expect(try await client.me(other.accessToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func newPasswordFollowsThePolicyOfRegistration(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("xavi")
            for weak in ["short", "alllowercase#1", "NoSpecials123", String(repeating: "Aa1#", count: 19)] {
                let registration = try await client.register("weak_\(weak.count)", password: weak)
                let response = try await Self.change(client, token: tokens.accessToken, current: TestValues.password, new: weak)
                #expect(response.status == .unprocessableContent)
                #expect(registration.status == .unprocessableContent)
                #expect(response.detail == registration.detail)
            }
            #expect(try await client.login("xavi").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func changeNeedsAValidAccessToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("yara")
            let anonymous = try await Self.change(client, token: nil, current: TestValues.password, new: Self.newPassword)
            #expect(anonymous.status == .unauthorized)
            let withRefresh = try await Self.change(client, token: tokens.refreshToken, current: TestValues.password, new: Self.newPassword)
            #expect(withRefresh.status == .unauthorized)
            #expect(try await client.logout(tokens.accessToken).status == .ok)
            let afterLogout = try await Self.change(client, token: tokens.accessToken, current: TestValues.password, new: Self.newPassword)
            #expect(afterLogout.status == .unauthorized)
            #expect(try await client.login("yara").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func malformedBodiesAre422(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let tokens = try await client.signUp("zack")
            for body in [#"{"current_password": "Sunny#Garden42"}"#, #"{"new_password": 7}"#, "[]", "{"] {
                let response = try await client.execute(
                    uri: "\(app.prefix)/password",
                    method: .post,
                    headers: [.authorization: "Bearer \(tokens.accessToken)", .contentType: "application/json"],
                    body: ByteBuffer(string: body)
                )
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    /// A stolen access token cannot guess the current password: wrong guesses count into the login lockout, and the
    /// one that reaches it ends the session, access and refresh token alike.
    @Test(arguments: TestDatabase.available)
    func wrongCurrentPasswordsEndTheSessionAtTheLockout(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.lockout, LockoutSettings(after: 3, seconds: 60))) { client, _ in
            let tokens = try await client.signUp("zelda")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(try await Self.change(client, token: tokens.accessToken, current: "Wrong#Garden42", new: Self.newPassword).status)
            }
            #expect(statuses == [.badRequest, .badRequest, .unauthorized])
            #expect(try await client.me(tokens.accessToken).status == .unauthorized)
            #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            // Even the right current password is refused now: the token is dead.
            let right = try await Self.change(client, token: tokens.accessToken, current: TestValues.password, new: Self.newPassword)
            #expect(right.status == .unauthorized)
        }
    }
}
