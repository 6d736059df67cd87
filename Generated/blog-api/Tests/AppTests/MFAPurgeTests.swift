import Foundation
import Testing

@testable import App

@Suite("Two-factor authentication: purge")
struct MFAPurgeTests {
    @Test(arguments: TestDatabase.available)
    func thePurgeDeletesExpiredSecondStepsAndKeepsLiveOnes(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let userID = try TokenTests.claims(of: try await client.signUp("wanda").accessToken).userID
            let store = MFAStore(database: app.repository)
            let now = Date()
            let started = now.addingTimeInterval(-7200)
            try await store.startLogin(userID: userID, token: "abandoned", now: started, ttlSeconds: 300)
            try await store.startLogin(userID: userID, token: "slow", now: started, ttlSeconds: 7800)

            let purged = try await PurgedRows.purge(repository: app.repository, now: now, forgetFailuresSeconds: 60)
            #expect(purged.extensionRows["mfa_logins"] == 1)
            #expect(try await store.tryLogin(token: "abandoned", now: started) == nil)
            #expect(try await store.tryLogin(token: "slow", now: now) == userID)
        }
    }
}
