import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("User administration: /users")
struct UserAdminTests {
    static let path = "\(SpecDefaults.apiPrefix == "/" ? "" : SpecDefaults.apiPrefix)/users"

    @Test(arguments: TestDatabase.available)
    func onlySuperusersListAndChangeUsers(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let target = actors.id(.user)

            #expect(try await client.send(.get, Self.path).status == .unauthorized)
            let forbidden = try await client.send(.get, Self.path, token: actors.token(.user))
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.detail == "Not enough permissions")
            let patchAsUser = try await client.send(.patch, "\(Self.path)/\(target)", token: actors.token(.user), json: ["is_superuser": true])
            #expect(patchAsUser.status == .forbidden)

            let list = try await client.send(.get, Self.path, token: actors.token(.superuser))
            #expect(list.status == .ok)
            let users = try list.decode([UserResponse].self)
            #expect(users.count == 4 + Role.all.count)
            #expect(users.map(\.id) == users.map(\.id).sorted())
            #expect(!String(buffer: list.body).contains("hashed_password"))
            let page = try await client.send(.get, "\(Self.path)?limit=1&offset=1", token: actors.token(.superuser))
            #expect(try page.decode([UserResponse].self).map(\.id) == [users[1].id])
            let badPage = try await client.send(.get, "\(Self.path)?limit=101", token: actors.token(.superuser))
            #expect(badPage.status == .unprocessableContent)

            let deactivated = try await client.send(.patch, "\(Self.path)/\(target)", token: actors.token(.superuser), json: ["is_active": false])
            #expect(deactivated.status == .ok)
            #expect(try deactivated.decode(UserResponse.self).isActive == false)
            TokenTests.expectInvalid(try await client.me(actors.token(.user) ?? ""))

            let promoted = try await client.send(
                .patch,
                "\(Self.path)/\(target)",
                token: actors.token(.superuser),
                json: ["is_active": true, "is_superuser": true]
            )
            #expect(try promoted.decode(UserResponse.self).isSuperuser == true)
            // Reactivation brings no old login back; a new one has the new rights.
            #expect(try await client.send(.get, Self.path, token: actors.token(.user)).status == .unauthorized)
            let again = try await client.signIn("actor_user")
            #expect(try await client.send(.get, Self.path, token: again.accessToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func invalidChanges(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let admin = actors.token(.superuser)
            let wrong = try await client.send(.patch, "\(Self.path)/\(actors.id(.user))", token: admin, json: ["is_active": "no", "is_superuser": 1])
            #expect(wrong.status == .unprocessableContent)
            #expect(Set(wrong.issueLocations) == [["body", "is_active"], ["body", "is_superuser"]])
            for id in ["999999", "abc", "0"] {
                let missing = try await client.send(.patch, "\(Self.path)/\(id)", token: admin, json: ["is_active": true])
                #expect(missing.status == .notFound, "\(id)")
                #expect(missing.detail == "User not found")
            }
            let selfDemotion = try await client.send(.patch, "\(Self.path)/\(actors.id(.superuser))", token: admin, json: ["is_superuser": false])
            #expect(selfDemotion.status == .badRequest)
        }
    }

    /// A database made before `add_user_roles` is migrated in place: its users keep everything and have no role, and
    /// roles can be granted to them at once.
    @Test(arguments: TestDatabase.available)
    func aDatabaseFromBeforeRolesIsMigrated(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            try await app.execute(
                sqlite: [
                    "ALTER TABLE users DROP COLUMN roles",
                    "DELETE FROM schema_migrations WHERE name = 'add_user_roles'",
                    "INSERT INTO users (email, username, hashed_password, created_at) VALUES ('e@example.com', 'erin', 'x', 0)",
                ],
                postgres: [
                    "ALTER TABLE users DROP COLUMN roles",
                    "DELETE FROM schema_migrations WHERE name = 'add_user_roles'",
                    "INSERT INTO users (email, username, hashed_password, created_at) VALUES ('e@example.com', 'erin', 'x', now())",
                ]
            )
            try await app.repository.migrate()
            let erin = try #require(try await app.repository.user(username: "erin"))
            #expect(erin.roles == [] && erin.email == "e@example.com")
            for role in Role.all {
                #expect(try await app.repository.grantRole(role, userID: erin.id)?.roles == [role])
            }
            #expect(try await client.signUp("frank").accessToken.isEmpty == false)
        }
    }
}
