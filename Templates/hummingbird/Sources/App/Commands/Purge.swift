import ArgumentParser
import Foundation

struct Purge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete expired and revoked sessions, refresh tokens, rate-limit counters and failed-login counts, and exit."
    )

    func run() async throws {
        let settings = try await loadSettingsOrExit()
        let purged = try await withRepository(settings: settings) { repository in
            try await repository.migrate()
            return try await PurgedRows.purge(
                sessions: repository,
                counters: repository,
                now: Date(),
                forgetFailuresSeconds: settings.lockout.seconds
            )
        }
        print(
            "Deleted \(purged.sessions) sessions, \(purged.refreshTokens) refresh tokens, \(purged.counters) counters, "
                + "\(purged.loginFailures) failed-login counts."
        )
    }
}
