import Foundation
import Logging
import SQLiteNIO

/// Applies the migrations not yet recorded in `schema_migrations`, all in one transaction.
struct SQLiteMigrator {
    let connection: SQLiteConnection
    let logger: Logger

    func migrate(_ migrations: [Migration]) async throws {
        _ = try await self.connection.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
        )
        _ = try await self.connection.query("BEGIN IMMEDIATE")
        do {
            let applied = Set(
                try await self.connection.query("SELECT name FROM schema_migrations").compactMap { $0.column("name")?.string }
            )
            for migration in migrations where !applied.contains(migration.name) {
                if let refusal = migration.refusal {
                    let offending = try await self.connection.query(refusal.sqlite).compactMap { $0.column("offending_row")?.string }
                    if !offending.isEmpty {
                        throw MigrationRefused(migration: migration.name, reason: refusal.reason, rows: offending)
                    }
                }
                for statement in migration.sqlite {
                    _ = try await self.connection.query(statement)
                }
                _ = try await self.connection.query(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    [.text(migration.name), .float(Date().timeIntervalSince1970)]
                )
                self.logger.info("Applied migration", metadata: ["migration": "\(migration.name)"])
            }
            _ = try await self.connection.query("COMMIT")
        } catch {
            _ = try? await self.connection.query("ROLLBACK")
            throw error
        }
    }
}
