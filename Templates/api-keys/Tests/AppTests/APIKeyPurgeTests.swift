import Foundation
import Testing

@testable import App

@Suite("API keys: purge")
struct APIKeyPurgeTests {
    /// An expired key stays listed for `keepExpiredSeconds`, so its user sees it lapse; then it goes.
    @Test(arguments: TestDatabase.available)
    func thePurgeDeletesKeysLongExpiredAndKeepsTheRest(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let userID = try TokenTests.claims(of: try await client.signUp("xena").accessToken).userID
            let store = APIKeyStore(database: app.repository)
            let now = Date()
            let day: TimeInterval = 86_400
            for (name, expired) in [("old", -31 * day), ("lapsed", -10 * day), ("current", 30 * day)] {
                let key = try await store.create(
                    userID: userID, name: name, scopes: [], digest: "digest-\(name)", now: now.addingTimeInterval(expired - day),
                    expiresAt: now.addingTimeInterval(expired), maxPerUser: 10
                )
                try #require(key != nil)
            }

            let purged = try await PurgedRows.purge(repository: app.repository, now: now, forgetFailuresSeconds: 60)
            #expect(purged.extensionRows["api_keys"] == 1)
            #expect(try await store.keys(userID: userID).map(\.name) == ["lapsed", "current"])
        }
    }
}
