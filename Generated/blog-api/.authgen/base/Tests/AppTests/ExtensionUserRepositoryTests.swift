import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// What the repository lends extensions for account flows (`ExtensionUserRepository`): each change is seen by the
/// next request at once, although `/me` answers from the session cache.
@Suite("Extension user repository")
struct ExtensionUserRepositoryTests {
    @Test("user(email:) compares lower-cased; updateEmail stores lower-case, refuses a taken address, and /me shows it at once", arguments: TestDatabase.available)
    func emails(on database: TestDatabase) async throws {
        try await withApp(on: database) { client, context in
            let tokens = try await client.signUp("uma")
            _ = try await client.signUp("victor")
            let uma = try #require(try await context.repository.user(email: "UMA@Example.com"))
            #expect(uma.username == "uma")
            #expect(try await context.repository.user(email: "nobody@example.com") == nil)
            #expect(try await client.me(tokens.accessToken).json?["email"] as? String == "uma@example.com")

            try await context.repository.updateEmail(userID: uma.id, email: "Uma.New@Example.com")
            #expect(try await client.me(tokens.accessToken).json?["email"] as? String == "uma.new@example.com")
            #expect(try await context.repository.user(email: "uma.new@example.com")?.id == uma.id)
            await #expect(throws: RepositoryError.duplicateEmail) {
                try await context.repository.updateEmail(userID: uma.id, email: "VICTOR@example.com")
            }
            #expect(try await context.repository.user(id: uma.id)?.email == "uma.new@example.com")
        }
    }

    @Test("updatePasswordEndingSessions: the new password works, and every login of the user ends", arguments: TestDatabase.available)
    func passwordResetEndsEverySession(on database: TestDatabase) async throws {
        try await withApp(on: database) { client, context in
            let first = try await client.signUp("wren")
            let secondLogin = try await client.login("wren")
            let second = try secondLogin.decode(TokenResponse.self)
            let wren = try #require(try await context.repository.user(username: "wren"))
            #expect(try await client.me(first.accessToken).status == .ok)

            let newPassword = "Other#Meadow77"
            try await context.repository.updatePasswordEndingSessions(
                userID: wren.id, passwordHash: try await PasswordHasher(cost: 4).hash(newPassword))
            for tokens in [first, second] {
                #expect(try await client.me(tokens.accessToken).status == .unauthorized)
                #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            }
            #expect(try await client.login("wren").status == .unauthorized)
            #expect(try await client.login("wren", password: newPassword).status == .ok)
        }
    }
}
