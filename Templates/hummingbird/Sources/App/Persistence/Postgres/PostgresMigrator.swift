import Foundation
import Logging
import PostgresNIO

/// Applies the migrations not yet recorded in `schema_migrations`, all in one transaction, one process at a time.
struct PostgresMigrator {
    let database: PostgresDatabase

    func migrate(_ migrations: [Migration]) async throws {
        let logger = self.database.logger
        do {
            try await self.database.client.withTransaction(logger: logger) { connection in
                // Serialises migrations of several processes starting at once.
                try await connection.query("SELECT pg_advisory_xact_lock(727274)", logger: logger)
                if let schema = self.database.schema {
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: logger)
                }
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
                    logger: logger
                )
                var applied: Set<String> = []
                for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                    .decode(String.self)
                {
                    applied.insert(name)
                }
                for migration in migrations where !applied.contains(migration.name) {
                    if let refusal = migration.refusal {
                        var offending: [String] = []
                        for try await row in try await connection.query(PostgresQuery(unsafeSQL: refusal.postgres), logger: logger)
                            .decode(String.self)
                        {
                            offending.append(row)
                        }
                        if !offending.isEmpty {
                            throw MigrationRefused(migration: migration.name, reason: refusal.reason, rows: offending)
                        }
                    }
                    for statement in migration.postgres {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (name, applied_at) VALUES (\(migration.name), \(Date()))",
                        logger: logger
                    )
                    logger.info("Applied migration", metadata: ["migration": "\(migration.name)"])
                }
            }
        } catch let error as PostgresTransactionError {
            // A refusal reaches the operator as itself, not wrapped in the transaction's error.
            if let refused = error.closureError as? MigrationRefused { throw refused }
            throw error
        }
    }
}
