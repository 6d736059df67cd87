import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Inactive and deleted users")
struct UserStateTests {
    @Test(arguments: TestDatabase.available)
    func inactiveUser(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let tokens = try await client.signUp("rita")
            let user = try await client.me(tokens.accessToken).decode(UserResponse.self)
            try await app.repository.setActive(false, userID: user.id)

            // Deactivation ended the session: the token is refused like any revoked one.
            TokenTests.expectInvalid(try await client.me(tokens.accessToken))

            let login = try await client.login("rita")
            #expect(login.status == .forbidden)
            #expect(login.detail == "Inactive user")

            // Without the right password an inactive account looks like any other failure.
            let wrong = try await client.login("rita", password: "Wrong#Garden42")
            #expect(wrong.status == .unauthorized)

            #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func deletedUser(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let tokens = try await client.signUp("sam")
            let user = try await client.me(tokens.accessToken).decode(UserResponse.self)
            try await app.repository.deleteUser(id: user.id)

            let me = try await client.me(tokens.accessToken)
            #expect(me.status == .unauthorized)
            #expect(me.headers[.wwwAuthenticate] == TokenTests.invalidToken)
            #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
        }
    }
}
