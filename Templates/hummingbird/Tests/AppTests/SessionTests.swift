import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// Each login is a session: logout and refresh token reuse end it, access token included.
@Suite("Sessions: logout and refresh token reuse")
struct SessionTests {
    @Test(arguments: TestDatabase.available)
    func logoutStopsTheAccessTokenOfThatLogin(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let session = try await client.signUp("rosa")
            let other = try await client.login("rosa").decode(TokenResponse.self)
            #expect(try await client.me(session.accessToken).status == .ok)

            #expect(try await client.logout(session.accessToken).status == .ok)
            TokenTests.expectInvalid(try await client.me(session.accessToken))
            TokenTests.expectInvalid(try await client.logout(session.accessToken))
            // The user's other login is untouched.
            #expect(try await client.me(other.accessToken).status == .ok)
            #expect(try await client.refresh(other.refreshToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func reusingARotatedRefreshTokenRevokesTheWholeSession(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let first = try await client.signUp("sam")
            let other = try await client.login("sam").decode(TokenResponse.self)
            #expect(try await client.me(first.accessToken).status == .ok)
            let second = try await client.refresh(first.refreshToken).decode(TokenResponse.self)
            #expect(try await client.me(second.accessToken).status == .ok)

            // The stolen, already rotated token comes back.
            let reused = try await client.refresh(first.refreshToken)
            #expect(reused.status == .unauthorized)
            #expect(reused.detail == "Could not validate credentials")

            // Everything of that login stops: the newer refresh token and both access tokens.
            #expect(try await client.refresh(second.refreshToken).status == .unauthorized)
            TokenTests.expectInvalid(try await client.me(second.accessToken))
            TokenTests.expectInvalid(try await client.me(first.accessToken))
            // Another login of the same user goes on.
            #expect(try await client.me(other.accessToken).status == .ok)
            #expect(try await client.refresh(other.refreshToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRefreshTokenPresentedAfterLogoutDoesNotRevive(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("tara")
            #expect(try await client.logout(tokens.accessToken).status == .ok)
            #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            TokenTests.expectInvalid(try await client.me(tokens.accessToken))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aForgedSessionIDIsRefused(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("uri")
            var payload = try TokenAttackTests.payload(of: tokens.accessToken)
            payload["sid"] = UUID().uuidString
            let forged = try TokenAttackTests.forge(header: TokenAttackTests.header, payload: payload, secret: TokenAttackTests.secret)
            TokenTests.expectInvalid(try await client.me(forged))
        }
    }
}
