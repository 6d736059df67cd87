import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Account export")
struct AccountExportTests {
    static func export(_ client: some TestClientProtocol, token: String?) async throws -> TestResponse {
        try await client.send(.get, "\(TestValues.authPrefix)/me/export", token: token)
    }

    /// The export holds the caller's profile and exactly the caller's items of every owned resource, more than one
    /// page of them, as an attachment nobody caches.
    @Test(arguments: TestDatabase.available)
    func exportHoldsExactlyTheCallersProfileAndItems(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            _ = try await AccountUser.make("root", client: client, app: app, superuser: true)
            let mia = try await AccountUser.make("mia", client: client, app: app)
            let ned = try await AccountUser.make("ned", client: client, app: app)
            _ = try await OwnedItems.make(1, by: ned.id, token: ned.tokens.accessToken, client: client, app: app)
            let items = try await OwnedItems.make(
                AccountExportController.pageSize + 1, by: mia.id, token: mia.tokens.accessToken, client: client, app: app)
            _ = try await OwnedItems.make(1, by: ned.id, token: ned.tokens.accessToken, client: client, app: app)

            let response = try await Self.export(client, token: mia.tokens.accessToken)
            #expect(response.status == .ok)
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"account-\(mia.id).json\"")
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")

            let document = try #require(response.jsonValue)
            #expect(document["user"]?["id"] == .int(mia.id))
            #expect(document["user"]?["username"] == .string("mia"))
            #expect(document["user"]?["hashed_password"] == nil)
            var exported = OwnedItems()
            if case .object(let resources)? = document["resources"] {
                for (plural, list) in resources {
                    guard case .array(let entries) = list else { continue }
                    exported.ids[plural] = entries.compactMap { entry in
                        #expect(entry["author_id"] == .int(mia.id))
                        if case .int(let id)? = entry["id"] { return id } else { return nil }
                    }
                }
            }
            #expect(exported == items)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aUserWithoutItemsGetsEmptyLists(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let ola = try await AccountUser.make("ola", client: client, app: app)
            let response = try await Self.export(client, token: ola.tokens.accessToken)
            #expect(response.status == .ok)
            let document = try #require(response.jsonValue)
            #expect(document["user"]?["id"] == .int(ola.id))
            var exported = OwnedItems()
            if case .object(let resources)? = document["resources"] {
                for (plural, list) in resources {
                    if case .array(let entries) = list { exported.ids[plural] = entries.isEmpty ? [] : [-1] }
                }
            }
            #expect(exported == OwnedItems.none)
        }
    }

    @Test(arguments: TestDatabase.available)
    func exportNeedsAValidAccessToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let pia = try await AccountUser.make("pia", client: client, app: app)
            #expect(try await Self.export(client, token: nil).status == .unauthorized)
            #expect(try await Self.export(client, token: pia.tokens.refreshToken).status == .unauthorized)
            #expect(try await client.logout(pia.tokens.accessToken).status == .ok)
            #expect(try await Self.export(client, token: pia.tokens.accessToken).status == .unauthorized)
        }
    }
}
