import Foundation
import Logging
import ServiceLifecycle

/// How many rows one purge deleted.
struct PurgedRows: Sendable, Equatable {
    let sessions: Int
    let refreshTokens: Int
    let counters: Int
    let loginFailures: Int
    /// The extensions' rows (`ServerExtension.purgeExpired`), by what they were.
    var extensionRows: [String: Int] = [:]

    /// A session is stored a moment before its first refresh token: one younger than this is never taken for dead.
    static let newSessionGraceSeconds: TimeInterval = 3600

    /// Deletes what can never be used again: expired or revoked refresh tokens and sessions, rate-limit windows
    /// that are over and failed-login counts older than `forgetFailuresSeconds`.
    static func purge(
        sessions: any SessionRepository,
        counters: any CounterStore,
        now: Date,
        forgetFailuresSeconds: Int
    ) async throws -> PurgedRows {
        let ended = try await sessions.purgeEnded(now: now)
        let expired = try await counters.purgeExpired(now: now, forgetFailuresSeconds: forgetFailuresSeconds)
        return PurgedRows(
            sessions: ended.sessions,
            refreshTokens: ended.refreshTokens,
            counters: expired.counters,
            loginFailures: expired.loginFailures
        )
    }

    /// The same, then what each extension keeps that can never be used again (expired tokens).
    static func purge(repository: any AppRepository, now: Date, forgetFailuresSeconds: Int) async throws -> PurgedRows {
        var purged = try await self.purge(
            sessions: repository, counters: repository, now: now, forgetFailuresSeconds: forgetFailuresSeconds
        )
        for serverExtension in ServerExtensions.all {
            let rows = try await serverExtension.purgeExpired(now: now, database: repository)
            purged.extensionRows.merge(rows, uniquingKeysWith: +)
        }
        return purged
    }

    /// For the log and the `purge` command: what was deleted, e.g. `sessions: 2, refresh_tokens: 3`.
    var counts: [(name: String, count: Int)] {
        [("sessions", self.sessions), ("refresh_tokens", self.refreshTokens), ("counters", self.counters), ("login_failures", self.loginFailures)]
            + self.extensionRows.sorted { $0.key < $1.key }.map { (name: $0.key, count: $0.value) }
    }
}

/// Purges expired rows every `intervalSeconds` while the server runs, so that the tables do not grow without
/// bound. `purge` does the same once from the command line.
struct PurgeService: Service {
    let repository: any AppRepository
    let intervalSeconds: Int
    let forgetFailuresSeconds: Int
    let logger: Logger

    /// Add the service only when `intervalSeconds` > 0: a service that returns would stop the server.
    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(self.intervalSeconds)) }
            } catch {
                // The server is stopping.
                return
            }
            do {
                let purged = try await PurgedRows.purge(
                    repository: self.repository,
                    now: Date(),
                    forgetFailuresSeconds: self.forgetFailuresSeconds
                )
                self.logger.debug(
                    "Purged expired rows",
                    metadata: Logger.Metadata(uniqueKeysWithValues: purged.counts.map { ($0.name, "\($0.count)") })
                )
            } catch {
                self.logger.error("Purging expired rows failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
        }
    }
}
