import Foundation
import Testing

@testable import App

@Suite("Invitations: purge")
struct InvitationPurgeTests {
    /// An expired invitation stays listed for `keepExpiredSeconds`, so superusers see it lapse; then it goes.
    @Test(arguments: TestDatabase.available)
    func thePurgeDeletesInvitationsLongExpiredAndKeepsTheRest(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            _ = try await InvitationTests.admin(client, app)
            let boss = try #require(try await app.repository.user(username: "boss")).id
            let invitations = Invitations(database: app.repository)
            let now = Date()
            let day: TimeInterval = 86_400
            for (email, sent) in [("old@example.com", -31 * day), ("lapsed@example.com", -10 * day), ("new@example.com", 0)] {
                _ = try await invitations.invite(
                    email: email, isSuperuser: false, token: .generate(), invitedBy: boss, now: now.addingTimeInterval(sent),
                    ttlSeconds: 3600
                )
            }

            let purged = try await PurgedRows.purge(repository: app.repository, now: now, forgetFailuresSeconds: 60)
            #expect(purged.extensionRows["invitations"] == 1)
            #expect(try await invitations.all().map(\.email) == ["lapsed@example.com", "new@example.com"])
        }
    }
}
