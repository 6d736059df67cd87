import Foundation

enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// One second on SQLite, whose file only this server process writes. Ten on PostgreSQL, which reports every
    /// change to users and sessions to each server process (`SessionChangeListener`): there the lifetime only
    /// bounds a change that went unreported (a lost connection the process has not noticed yet).
    var defaultSessionCacheSeconds: Int {
        switch self {
        case .sqlite: 1
        case .postgres: 10
        }
    }

    /// Reads `sqlite://relative/path.sqlite`, `sqlite:///absolute/path.sqlite`
    /// or `postgres://user:password@host:port/database?sslmode=require&schema=name&pool_size=8`.
    init(url: String) throws {
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw SettingsError("DATABASE_URL has no SQLite file path") }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: url))
        } else {
            throw SettingsError("DATABASE_URL must start with sqlite:// or postgres://")
        }
    }
}

struct PostgresLocation: Sendable, Equatable {
    enum TLSMode: String, Sendable {
        case disable
        case prefer
        case require
    }

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var tls: TLSMode
    /// Tables live in this schema when set (the tests use one fresh schema per test).
    var schema: String?
    /// Connections the server keeps open to PostgreSQL (`pool_size`, 1...100, default 8).
    var poolSize: Int

    init(url: String) throws {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw SettingsError("DATABASE_URL is not a valid postgres:// URL")
        }
        guard let username = components.user, !username.isEmpty else {
            throw SettingsError("DATABASE_URL has no user name")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty else { throw SettingsError("DATABASE_URL has no database name") }

        let query = components.queryItems ?? []
        let sslMode = query.first { $0.name == "sslmode" }?.value ?? "disable"
        switch sslMode {
        case "disable": self.tls = .disable
        case "prefer", "allow": self.tls = .prefer
        case "require", "verify-ca", "verify-full": self.tls = .require
        default: throw SettingsError("DATABASE_URL has an unknown sslmode '\(sslMode)'")
        }
        if let schema = query.first(where: { $0.name == "schema" })?.value {
            // Lowercase only: PostgreSQL folds the search path to lowercase, so `MySchema` would name another schema.
            guard !schema.isEmpty, schema.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                throw SettingsError("DATABASE_URL schema must be lowercase letters, digits and underscores")
            }
            self.schema = schema
        } else {
            self.schema = nil
        }
        if let poolSize = query.first(where: { $0.name == "pool_size" })?.value {
            guard let size = Int(poolSize), (1...100).contains(size) else {
                throw SettingsError("DATABASE_URL pool_size must be a whole number from 1 to 100")
            }
            self.poolSize = size
        } else {
            self.poolSize = 8
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = database
    }
}
