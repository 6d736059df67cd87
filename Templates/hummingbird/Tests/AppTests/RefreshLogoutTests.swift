import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

@testable import App

@Suite("Refresh, rotation and logout")
struct RefreshLogoutTests {
    @Test(arguments: TestDatabase.available)
    func refreshRotatesTheRefreshToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let first = try await client.signUp("mia")
            let refreshed = try await client.refresh(first.refreshToken)
            #expect(refreshed.status == .ok)
            #expect(refreshed.headers[.cacheControl] == "no-store")
            let second = try refreshed.decode(TokenResponse.self)
            #expect(second.refreshToken != first.refreshToken)
            #expect(try await client.me(second.accessToken).status == .ok)

            let next = try await client.refresh(second.refreshToken)
            #expect(next.status == .ok)
            #expect(try next.decode(TokenResponse.self).refreshToken != second.refreshToken)
        }
    }

    @Test(arguments: TestDatabase.available)
    func refreshTokenAsQueryParameter(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.refreshTokenInQuery, true)) { client, app in
            let tokens = try await client.signUp("nina")
            let response = try await client.execute(
                uri: "\(app.prefix)/refresh?refresh_token=\(tokens.refreshToken)",
                method: .post
            )
            #expect(response.status == .ok)
            let missing = try await client.execute(uri: "\(app.prefix)/refresh", method: .post)
            #expect(missing.status == .unprocessableContent)
        }
    }

    @Test(arguments: TestDatabase.available)
    func expiredRefreshTokenIsRefused(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.jwt.refreshTokenTTL, 1)) { client, _ in
            let tokens = try await client.signUp("oscar")
            try await Task.sleep(for: .milliseconds(2100))
            let response = try await client.refresh(tokens.refreshToken)
            #expect(response.status == .unauthorized)
            #expect(response.detail == "Could not validate credentials")
        }
    }

    @Test(arguments: TestDatabase.available)
    func logoutRevokesTheRefreshTokenOfThatLogin(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let session = try await client.signUp("peggy")
            let other = try await client.login("peggy").decode(TokenResponse.self)

            let response = try await client.logout(session.accessToken)
            #expect(response.status == .ok)
            #expect(try response.decode(MessageResponse.self) == MessageResponse(message: "Successfully logged out"))

            #expect(try await client.refresh(session.refreshToken).status == .unauthorized)
            #expect(try await client.refresh(other.refreshToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func logoutAfterRotationRevokesTheNewRefreshToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let first = try await client.signUp("quinn")
            let second = try await client.refresh(first.refreshToken).decode(TokenResponse.self)
            #expect(try await client.logout(first.accessToken).status == .ok)
            #expect(try await client.refresh(second.refreshToken).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func logoutNeedsAnAccessToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let response = try await client.execute(uri: "\(app.prefix)/logout", method: .post)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }
}
