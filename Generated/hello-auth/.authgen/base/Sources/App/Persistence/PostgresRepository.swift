import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

final class PostgresRepository: AuthRepository {
    /// Also used by the resource repositories in `PostgresRepository+*.swift`.
    let client: PostgresClient
    private let schema: String?
    let logger: Logger
    /// The methods below that write users or sessions invalidate it once their write is done; `sessionChanges`
    /// invalidates it when any other process (or a psql shell) changes a user or a session.
    let activeSessions: ActiveSessionCache
    /// Nil when the cache is off (`SESSION_CACHE_SECONDS=0`).
    private let sessionChanges: SessionChangeListener?

    init(location: PostgresLocation, sessionCacheSeconds: Int, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: location.tls.clientConfiguration
        )
        if let schema = location.schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        // A fixed-size pool with a short keep-alive: postgres-nio arms a timer each time a connection goes back
        // to the pool (keep-alive) and for connections above the minimum (idle timeout), and a cancelled timer
        // keeps its memory until its deadline, so long timers make memory grow with the request rate.
        configuration.options.minimumConnections = location.poolSize
        configuration.options.maximumConnections = location.poolSize
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(5))
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.schema = location.schema
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
                group.addTask { await self.client.run() }
                if let sessionChanges = self.sessionChanges {
                    group.addTask { await sessionChanges.run() }
                }
            }
        }
    }

    func migrate() async throws {
        defer { self.activeSessions.invalidateAll() }
        do {
            try await self.client.withTransaction(logger: self.logger) { connection in
                // Serialises migrations of several processes starting at once.
                try await connection.query("SELECT pg_advisory_xact_lock(727274)", logger: self.logger)
                if let schema = self.schema {
                    try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: self.logger)
                }
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
                    logger: self.logger
                )
                var applied: Set<String> = []
                for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: self.logger)
                    .decode(String.self)
                {
                    applied.insert(name)
                }
                for migration in Migrations.all where !applied.contains(migration.name) {
                    if let refusal = migration.refusal {
                        var offending: [String] = []
                        for try await row in try await connection.query(PostgresQuery(unsafeSQL: refusal.postgres), logger: self.logger)
                            .decode(String.self)
                        {
                            offending.append(row)
                        }
                        if !offending.isEmpty {
                            throw MigrationRefused(migration: migration.name, reason: refusal.reason, rows: offending)
                        }
                    }
                    for statement in migration.postgres {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (name, applied_at) VALUES (\(migration.name), \(Date()))",
                        logger: self.logger
                    )
                    self.logger.info("Applied migration", metadata: ["migration": "\(migration.name)"])
                }
            }
        } catch let error as PostgresTransactionError {
            // A refusal reaches the operator as itself, not wrapped in the transaction's error.
            if let refused = error.closureError as? MigrationRefused { throw refused }
            throw error
        }
    }

    /// Runs one statement and reads all its rows before the connection goes back to the pool.
    ///
    /// Not `PostgresClient.query`: when a statement fails after PostgreSQL has accepted it (a unique violation, say)
    /// before the caller starts reading its rows, that call never gives its connection back (postgres-nio 1.33),
    /// and the pool runs dry.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.client.withConnection { connection in
            try await connection.query(query, logger: self.logger).collect()
        }
    }

    func ping() async throws {
        try await self.query("SELECT 1")
    }

    func createUser(_ user: NewUser) async throws -> User {
        do {
            let rows = try await self.query(
                """
                INSERT INTO users (email, username, username_normalized, full_name, hashed_password, is_active, is_superuser, created_at)
                VALUES (\(user.email), \(user.username), \(Username.normalized(user.username)), \(user.fullName), \(user.passwordHash), \(user.isActive),
                        \(user.isSuperuser), \(user.createdAt))
                RETURNING id, email, username, full_name, hashed_password, is_active, is_superuser, created_at
                """
            )
            guard let created = try Self.users(from: rows).first else { throw RepositoryError.noRowReturned }
            return created
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            switch error.serverInfo?[.constraintName] {
            case "users_username_unique", "users_username_normalized_unique": throw RepositoryError.duplicateUsername
            case "users_email_unique": throw RepositoryError.duplicateEmail
            default: throw error
            }
        }
    }

    func user(id: Int64) async throws -> User? {
        let rows = try await self.query(
            """
            SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at
            FROM users WHERE id = \(id)
            """
        )
        return try Self.users(from: rows).first
    }

    func user(id: Int64, activeSession sessionID: String) async throws -> User? {
        try await self.activeSessions.user(id: id, session: sessionID) {
            let rows = try await self.query(
                """
                SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at
                FROM users
                WHERE id = \(id) AND EXISTS (SELECT 1 FROM sessions WHERE sessions.id = \(sessionID)
                                            AND sessions.user_id = users.id AND sessions.revoked_at IS NULL)
                """
            )
            return try Self.users(from: rows).first
        }
    }

    func user(username: String) async throws -> User? {
        let rows = try await self.query(
            """
            SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at
            FROM users WHERE username_normalized = \(Username.normalized(username))
            """
        )
        return try Self.users(from: rows).first
    }

    func setActive(_ isActive: Bool, userID: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        try await self.query("UPDATE users SET is_active = \(isActive) WHERE id = \(userID)")
    }

    func users(limit: Int, offset: Int) async throws -> [User] {
        let rows = try await self.query(
            """
            SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at
            FROM users ORDER BY id LIMIT \(limit) OFFSET \(offset)
            """
        )
        return try Self.users(from: rows)
    }

    func updateUser(id: Int64, isActive: Bool?, isSuperuser: Bool?) async throws -> User? {
        defer { self.activeSessions.invalidate(userID: id) }
        let updated = try await self.client.withTransaction(logger: self.logger) { connection in
            // Serialises changes of users' flags: under READ COMMITTED two demotions would each still see the
            // other administrator as a superuser; after this lock the second sees the first one's result.
            try await connection.query("SELECT pg_advisory_xact_lock(727275)", logger: self.logger)
            let rows = try await connection.query(
                """
                UPDATE users SET is_active = COALESCE(\(isActive), is_active), is_superuser = COALESCE(\(isSuperuser), is_superuser)
                WHERE id = \(id) AND (
                    NOT (is_active AND is_superuser) OR (COALESCE(\(isActive), is_active) AND COALESCE(\(isSuperuser), is_superuser))
                    OR EXISTS (SELECT 1 FROM users AS other WHERE other.id <> users.id AND other.is_active AND other.is_superuser)
                )
                RETURNING id, email, username, full_name, hashed_password, is_active, is_superuser, created_at
                """,
                logger: self.logger
            ).collect()
            return try Self.users(from: rows).first
        }
        if updated == nil, try await self.user(id: id) != nil {
            throw RepositoryError.lastActiveSuperuser
        }
        return updated
    }

    func deleteUser(id: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: id) }
        try await self.query("DELETE FROM users WHERE id = \(id)")
    }

    func storeRefreshToken(_ token: StoredRefreshToken) async throws {
        try await self.query(
            """
            INSERT INTO refresh_tokens (token_hash, user_id, session_id, expires_at, created_at)
            VALUES (\(token.digest), \(token.userID), \(token.sessionID), \(token.expiresAt), \(Date()))
            """
        )
    }

    private static func users(from rows: [PostgresRow]) throws -> [User] {
        var users: [User] = []
        for row in rows {
            let (id, email, username, fullName, hash, isActive, isSuperuser, createdAt) = try row.decode(
                (Int64, String, String, String?, String, Bool, Bool, Date).self
            )
            users.append(
                User(
                    id: id,
                    email: email,
                    username: username,
                    fullName: fullName,
                    passwordHash: hash,
                    isActive: isActive,
                    isSuperuser: isSuperuser,
                    createdAt: createdAt
                )
            )
        }
        return users
    }
}

extension PostgresLocation.TLSMode {
    var clientConfiguration: PostgresClient.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// The same, for a single connection outside the pool (`SessionChangeListener`).
    func connectionConfiguration() throws -> PostgresConnection.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}
