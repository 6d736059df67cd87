import Foundation
import Testing

@testable import App

@Suite("Password reset: purge")
struct PasswordResetPurgeTests {
    @Test(arguments: TestDatabase.available)
    func thePurgeDeletesExpiredResetsAndKeepsPendingOnes(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let forgetful = try TokenTests.claims(of: try await client.signUp("sven").accessToken).userID
            let waiting = try TokenTests.claims(of: try await client.signUp("tove").accessToken).userID
            let tokens = PasswordResetTokens(database: app.repository)
            let now = Date()
            let pending = OneTimeToken.generate()
            try await tokens.replace(userID: forgetful, with: .generate(), now: now.addingTimeInterval(-7200), ttlSeconds: 3600)
            try await tokens.replace(userID: waiting, with: pending, now: now, ttlSeconds: 3600)

            let purged = try await PurgedRows.purge(repository: app.repository, now: now, forgetFailuresSeconds: 60)
            #expect(purged.extensionRows["password_reset_tokens"] == 1)
            let again = try await PurgedRows.purge(repository: app.repository, now: now, forgetFailuresSeconds: 60)
            #expect(again.extensionRows["password_reset_tokens"] == 0)
            #expect(try await tokens.consume(pending.value, now: now) == waiting)
        }
    }
}
