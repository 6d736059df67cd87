import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The repositories on one PostgreSQL database: each protocol is implemented in its own `PostgresRepository+*.swift`.
final class PostgresRepository: Database {
    let database: PostgresDatabase
    let logger: Logger
    /// The methods that write users or sessions invalidate it once their write is done; `sessionChanges`
    /// invalidates it when any other process (or a psql shell) changes a user or a session.
    let activeSessions: ActiveSessionCache
    /// Nil when the cache is off (`SESSION_CACHE_SECONDS=0`).
    private let sessionChanges: SessionChangeListener?

    init(location: PostgresLocation, sessionCacheSeconds: Int, logger: Logger) {
        self.database = PostgresDatabase(location: location, logger: logger)
        self.logger = logger
        let activeSessions = ActiveSessionCache(
            lifetime: TimeInterval(sessionCacheSeconds),
            waitsForChangeNotifications: true
        )
        self.activeSessions = activeSessions
        self.sessionChanges =
            activeSessions.isEnabled
            ? SessionChangeListener(location: location, cache: activeSessions, logger: logger)
            : nil
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.database.run() }
                if let sessionChanges = self.sessionChanges {
                    group.addTask { await sessionChanges.run() }
                }
            }
        }
    }

    func migrate() async throws {
        defer { self.activeSessions.invalidateAll() }
        try await PostgresMigrator(database: self.database).migrate(Migrations.all)
    }

    func ping() async throws {
        try await self.database.query("SELECT 1")
    }
}
