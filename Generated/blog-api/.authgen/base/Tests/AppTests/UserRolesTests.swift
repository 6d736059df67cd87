import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Roles: PUT and DELETE /users/{id}/roles/{role}")
struct UserRolesTests {
    static let path = "\(SpecDefaults.apiPrefix == "/" ? "" : SpecDefaults.apiPrefix)/users"

    static func rolesPath(_ userID: Int64, _ role: String) -> String {
        "\(Self.path)/\(userID)/roles/\(role)"
    }

    static func roles(of answer: TestResponse) throws -> [String] {
        try answer.decode(UserResponse.self).roles
    }

    @Test("Only superusers grant and revoke roles; both are idempotent", arguments: TestDatabase.available)
    func grantAndRevoke(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let target = actors.id(.user)
            for role in Role.all {
                let path = Self.rolesPath(target, role.rawValue)
                #expect(try await client.send(.put, path).status == .unauthorized)
                for actor in [Actor.user, .owner] + Role.all.map(Actor.holder) {
                    let refused = try await client.send(.put, path, token: actors.token(actor))
                    #expect(refused.status == .forbidden, "grant as \(actor)")
                    #expect(refused.detail == "Not enough permissions")
                    #expect(try await client.send(.delete, path, token: actors.token(actor)).status == .forbidden, "revoke as \(actor)")
                }
                #expect(try await app.repository.user(id: target)?.roles == [])

                let admin = actors.token(.superuser)
                for _ in 1...2 {
                    let granted = try await client.send(.put, path, token: admin)
                    #expect(granted.status == .ok)
                    #expect(try Self.roles(of: granted) == [role.rawValue])
                }
                #expect(try await app.repository.user(id: target)?.roles == [role])
                for _ in 1...2 {
                    let revoked = try await client.send(.delete, path, token: admin)
                    #expect(revoked.status == .ok)
                    #expect(try Self.roles(of: revoked) == [])
                }
                #expect(try await app.repository.user(id: target)?.roles == [])
            }
        }
    }

    @Test("An unknown role, an unknown user or a malformed id is 404 and changes nothing", arguments: TestDatabase.available)
    func notFound(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let admin = actors.token(.superuser)
            let target = actors.id(.user)
            let role = try #require(Role.all.first).rawValue
            for method in [HTTPRequest.Method.put, .delete] {
                for name in ["superuser", "owner", "public", "authenticated", "\(role)x", role.uppercased(), "%20\(role)", "\(role)%20\(role)"] {
                    let answer = try await client.send(method, Self.rolesPath(target, name), token: admin)
                    #expect(answer.status == .notFound, "\(method) \(name)")
                    #expect(answer.detail == "Role not found", "\(method) \(name)")
                }
                for id in ["999999", "0", "abc"] {
                    let answer = try await client.send(method, "\(Self.path)/\(id)/roles/\(role)", token: admin)
                    #expect(answer.status == .notFound, "\(method) user \(id)")
                    #expect(answer.detail == "User not found", "\(method) user \(id)")
                }
            }
            #expect(try await app.repository.user(id: target)?.roles == [])
            #expect(try await app.repository.user(id: actors.id(.superuser))?.isSuperuser == true)
        }
    }

    @Test("Roles appear in /me, GET /users, PATCH /users/{id} and the access token's roles claim", arguments: TestDatabase.available)
    func rolesAreShown(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let admin = actors.token(.superuser)
            let target = actors.id(.user)
            let fresh = try await client.signIn(Actor.user.username).accessToken
            #expect(try Self.roles(of: try await client.me(fresh)) == [])
            #expect(try TokenTests.claims(of: fresh).roles == nil)

            for role in Role.all {
                #expect(try await client.send(.put, Self.rolesPath(target, role.rawValue), token: admin).status == .ok)
            }
            let all = Role.all.map(\.rawValue).sorted()
            #expect(try Self.roles(of: try await client.me(fresh)) == all)
            let listed = try await client.send(.get, "\(Self.path)?limit=100", token: admin).decode([UserResponse].self)
            #expect(listed.first { $0.id == target }?.roles == all)
            #expect(listed.first { $0.id == actors.id(.otherUser) }?.roles == [])
            let patched = try await client.send(.patch, "\(Self.path)/\(target)", token: admin, json: ["is_active": true])
            #expect(try Self.roles(of: patched) == all)

            let signedIn = try await client.signIn(Actor.user.username)
            #expect(try TokenTests.claims(of: signedIn.accessToken).roles == all)
            let refreshed = try await client.refresh(signedIn.refreshToken)
            #expect(try TokenTests.claims(of: refreshed.decode(TokenResponse.self).accessToken).roles == all)
        }
    }
}
