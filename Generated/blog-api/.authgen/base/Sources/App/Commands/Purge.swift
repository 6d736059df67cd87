import ArgumentParser
import Foundation

struct Purge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete expired and revoked sessions, refresh tokens, rate-limit counters, failed-login counts and the plugins' expired tokens, and exit."
    )

    func run() async throws {
        let settings = try await loadSettingsOrExit()
        let purged = try await withRepository(settings: settings) { repository in
            try await repository.migrate()
            return try await PurgedRows.purge(repository: repository, now: Date(), forgetFailuresSeconds: settings.lockout.seconds)
        }
        print("Deleted " + purged.counts.map { "\($0.count) \($0.name.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", ") + ".")
    }
}
