import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Account deletion")
struct AccountDeletionTests {
    @Test(arguments: TestDatabase.available)
    func deletingOneselfEndsEveryLoginAndLeavesTheUserOwningNothing(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            _ = try await AccountUser.make("root", client: client, app: app, superuser: true)
            let dana = try await AccountUser.make("dana", client: client, app: app)
            let eve = try await AccountUser.make("eve", client: client, app: app)
            _ = try await OwnedItems.make(2, by: dana.id, token: dana.tokens.accessToken, client: client, app: app)
            let evesItems = try await OwnedItems.make(1, by: eve.id, token: eve.tokens.accessToken, client: client, app: app)
            let otherLogin = try await client.signIn("dana")

            let response = try await client.deleteAccount(dana.tokens.accessToken)
            #expect(response.status == .noContent)

            #expect(try await app.repository.user(id: dana.id) == nil)
            #expect(try await OwnedItems.stored(of: dana.id, in: app.repository) == OwnedItems.none)
            for tokens in [dana.tokens, otherLogin] {
                #expect(try await client.me(tokens.accessToken).status == .unauthorized)
                #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            }
            #expect(try await client.login("dana").status == .unauthorized)
            // Nobody else loses anything.
            #expect(try await OwnedItems.stored(of: eve.id, in: app.repository) == evesItems)
            #expect(try await client.me(eve.tokens.accessToken).status == .ok)
            // The name is free again.
            #expect(try await client.register("dana").status == .created)
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongPasswordDeletesNothing(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let fay = try await AccountUser.make("fay", client: client, app: app)
            let response = try await client.deleteAccount(fay.tokens.accessToken, password: "Wrong#Garden42")
            #expect(response.status == .badRequest)
            #expect(response.detail == "Incorrect password")
            #expect(try await client.me(fay.tokens.accessToken).status == .ok)
            #expect(try await client.login("fay").status == .ok)
        }
    }

    /// A stolen access token cannot guess the password to delete the account: wrong guesses count into the login
    /// lockout, and the one that reaches it ends the session.
    @Test(arguments: TestDatabase.available)
    func wrongPasswordsEndTheSessionAtTheLockout(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.lockout, LockoutSettings(after: 3, seconds: 60))) { client, app in
            let gus = try await AccountUser.make("gus", client: client, app: app)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(try await client.deleteAccount(gus.tokens.accessToken, password: "Wrong#Garden42").status)
            }
            #expect(statuses == [.badRequest, .badRequest, .unauthorized])
            #expect(try await client.deleteAccount(gus.tokens.accessToken).status == .unauthorized)
            #expect(try await app.repository.user(id: gus.id) != nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func deletionNeedsAValidAccessToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let hal = try await AccountUser.make("hal", client: client, app: app)
            #expect(try await client.deleteAccount(nil).status == .unauthorized)
            #expect(try await client.deleteAccount(hal.tokens.refreshToken).status == .unauthorized)
            #expect(try await client.logout(hal.tokens.accessToken).status == .ok)
            #expect(try await client.deleteAccount(hal.tokens.accessToken).status == .unauthorized)
            #expect(try await app.repository.user(id: hal.id) != nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func malformedBodiesAre422(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let ida = try await AccountUser.make("ida", client: client, app: app)
            for body in ["{}", #"{"password": 7}"#, "[]", "{"] {
                let response = try await client.execute(
                    uri: "\(app.prefix)/me",
                    method: .delete,
                    headers: [.authorization: "Bearer \(ida.tokens.accessToken)", .contentType: "application/json"],
                    body: ByteBuffer(string: body)
                )
                #expect(response.status == .unprocessableContent)
            }
            #expect(try await app.repository.user(id: ida.id) != nil)
        }
    }

    /// Two deletions of one account at once: one deletes it, the other finds no one behind its token; never a 500.
    @Test(arguments: TestDatabase.available)
    func concurrentDeletionsOfOneAccountDeleteItOnce(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let joan = try await AccountUser.make("joan", client: client, app: app)
            let second = try await client.signIn("joan")
            async let first = client.deleteAccount(joan.tokens.accessToken)
            async let other = client.deleteAccount(second.accessToken)
            let statuses = [try await first.status, try await other.status]
            #expect(statuses.filter { $0 == .noContent }.count == 1)
            #expect(statuses.allSatisfy { $0 == .noContent || $0 == .unauthorized })
            #expect(try await app.repository.user(id: joan.id) == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theLastActiveSuperuserCannotDeleteItself(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let root = try await AccountUser.make("root", client: client, app: app, superuser: true)
            let refused = try await client.deleteAccount(root.tokens.accessToken)
            #expect(refused.status == .conflict)
            #expect(refused.detail == "The last active superuser cannot be deleted")
            let viaAdmin = try await client.send(.delete, "\(SpecDefaults.apiPrefix)/users/\(root.id)", token: root.tokens.accessToken)
            #expect(viaAdmin.status == .conflict)
            #expect(try await client.me(root.tokens.accessToken).status == .ok)
            // With another active superuser it may go.
            _ = try await AccountUser.make("admin", client: client, app: app, superuser: true)
            #expect(try await client.deleteAccount(root.tokens.accessToken).status == .noContent)
            #expect(try await app.repository.user(id: root.id) == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func superusersDeleteUsers(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let root = try await AccountUser.make("root", client: client, app: app, superuser: true)
            let kim = try await AccountUser.make("kim", client: client, app: app)
            let lou = try await AccountUser.make("lou", client: client, app: app)
            _ = try await OwnedItems.make(1, by: kim.id, token: kim.tokens.accessToken, client: client, app: app)
            let users = "\(SpecDefaults.apiPrefix)/users"

            #expect(try await client.send(.delete, "\(users)/\(kim.id)").status == .unauthorized)
            #expect(try await client.send(.delete, "\(users)/\(kim.id)", token: lou.tokens.accessToken).status == .forbidden)
            #expect(try await app.repository.user(id: kim.id) != nil)

            #expect(try await client.send(.delete, "\(users)/\(kim.id)", token: root.tokens.accessToken).status == .noContent)
            #expect(try await app.repository.user(id: kim.id) == nil)
            #expect(try await OwnedItems.stored(of: kim.id, in: app.repository) == OwnedItems.none)
            #expect(try await client.me(kim.tokens.accessToken).status == .unauthorized)
            #expect(try await client.refresh(kim.tokens.refreshToken).status == .unauthorized)

            let again = try await client.send(.delete, "\(users)/\(kim.id)", token: root.tokens.accessToken)
            #expect(again.status == .notFound)
            #expect(again.detail == "User not found")
            #expect(try await client.me(lou.tokens.accessToken).status == .ok)
        }
    }
}
