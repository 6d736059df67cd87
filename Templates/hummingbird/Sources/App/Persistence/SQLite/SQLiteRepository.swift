import Foundation
import Logging
import SQLiteNIO
import ServiceLifecycle

/// The repositories on one SQLite file: each protocol is implemented in its own `SQLiteRepository+*.swift`.
final class SQLiteRepository: Database {
    private let connection: SQLiteConnection
    private let logger: Logger
    /// Write-through: every method that writes users or sessions invalidates it once its write is done.
    let activeSessions: ActiveSessionCache

    private init(connection: SQLiteConnection, sessionCacheSeconds: Int, logger: Logger) {
        self.connection = connection
        self.activeSessions = ActiveSessionCache(lifetime: TimeInterval(sessionCacheSeconds))
        self.logger = logger
    }

    /// Opens the database file, creating it and its folder on first start.
    static func open(path: String, sessionCacheSeconds: Int, logger: Logger) async throws -> SQLiteRepository {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let repository = SQLiteRepository(connection: connection, sessionCacheSeconds: sessionCacheSeconds, logger: logger)
        _ = try await repository.rows("PRAGMA journal_mode = WAL")
        _ = try await repository.rows("PRAGMA foreign_keys = ON")
        _ = try await repository.rows("PRAGMA synchronous = NORMAL")
        return repository
    }

    func run() async throws {
        try? await gracefulShutdown()
        // The future form: the async one throws without closing when the shutdown grace ran out and cancelled us.
        try await self.connection.close().get()
    }

    func migrate() async throws {
        defer { self.activeSessions.invalidateAll() }
        try await SQLiteMigrator(connection: self.connection, logger: self.logger).migrate(Migrations.all)
    }

    func ping() async throws {
        _ = try await self.rows("SELECT 1")
    }

    /// Runs one statement.
    func rows(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await self.connection.query(sql, binds)
    }
}
