import Foundation
import Logging
import ServiceLifecycle

/// How many rows one purge deleted.
struct PurgedRows: Sendable, Equatable {
    let sessions: Int
    let refreshTokens: Int
    let counters: Int
    let loginFailures: Int

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
}

/// Purges expired rows every `intervalSeconds` while the server runs, so that the tables do not grow without
/// bound. `purge` does the same once from the command line.
struct PurgeService: Service {
    let sessions: any SessionRepository
    let counters: any CounterStore
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
                    sessions: self.sessions,
                    counters: self.counters,
                    now: Date(),
                    forgetFailuresSeconds: self.forgetFailuresSeconds
                )
                self.logger.debug(
                    "Purged expired rows",
                    metadata: [
                        "sessions": "\(purged.sessions)", "refresh_tokens": "\(purged.refreshTokens)",
                        "counters": "\(purged.counters)", "login_failures": "\(purged.loginFailures)",
                    ]
                )
            } catch {
                self.logger.error("Purging expired rows failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
        }
    }
}
