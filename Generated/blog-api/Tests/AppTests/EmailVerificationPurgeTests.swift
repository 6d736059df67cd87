import Foundation
import Testing

@testable import App

@Suite("Email verification: purge")
struct EmailVerificationPurgeTests {
    @Test(arguments: TestDatabase.available)
    func thePurgeDeletesExpiredVerificationsAndKeepsPendingOnes(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let late = try TokenTests.claims(of: try await client.signUp("ulla").accessToken).userID
            let prompt = try TokenTests.claims(of: try await client.signUp("vera").accessToken).userID
            let tokens = EmailVerificationTokens(database: app.repository)
            let now = Date()
            let pending = OneTimeToken.generate()
            try await tokens.replace(
                userID: late, email: "ulla@example.com", with: .generate(), now: now.addingTimeInterval(-7200), ttlSeconds: 3600
            )
            try await tokens.replace(userID: prompt, email: "vera@example.com", with: pending, now: now, ttlSeconds: 3600)

            let purged = try await PurgedRows.purge(repository: app.repository, now: now, forgetFailuresSeconds: 60)
            #expect(purged.extensionRows["email_verification_tokens"] == 1)
            let again = try await PurgedRows.purge(repository: app.repository, now: now, forgetFailuresSeconds: 60)
            #expect(again.extensionRows["email_verification_tokens"] == 0)
            #expect(try await tokens.consume(pending.value, now: now)?.userID == prompt)
        }
    }
}
