import Foundation

/// One API key as its user sees it; never the key itself.
struct StoredAPIKey: Sendable, Equatable {
    let id: Int64
    let userID: Int64
    let name: String
    let scopes: Set<String>
    let createdAt: Date
    let expiresAt: Date
    let lastUsedAt: Date?
}

/// The `api_keys` table: one row per key, with the SHA-256 of the key (never the key), gone with its user.
struct APIKeyStore: Sendable {
    let database: any ExtensionDatabase

    /// The new key's row, or nil when the user already holds `maxPerUser` keys that have not expired (counted and
    /// inserted in one statement, one at a time for the user on every server process, so racing requests never
    /// pass the limit), or when the user is gone.
    func create(
        userID: Int64,
        name: String,
        scopes: Set<String>,
        digest: String,
        now: Date,
        expiresAt: Date,
        maxPerUser: Int
    ) async throws -> StoredAPIKey? {
        let rows = try await self.database.execute(
            .insertAPIKey,
            [
                .integer(userID), .text(name), .text(digest), .text(scopes.sorted().joined(separator: " ")), .date(now),
                .date(expiresAt), .integer(userID), .date(now), .integer(Int64(maxPerUser)),
            ],
            oneAtATimeForUser: userID
        )
        guard let id = rows.first?["id"]?.integer else { return nil }
        return StoredAPIKey(
            id: id, userID: userID, name: name, scopes: scopes, createdAt: now, expiresAt: expiresAt, lastUsedAt: nil
        )
    }

    /// The key whose SHA-256 is `digest`, expired or not; read on every use, so that a deleted key stops at once on
    /// every server process.
    func key(digest: String) async throws -> StoredAPIKey? {
        try await self.database.execute(.apiKeyByDigest, [.text(digest)]).first.flatMap(Self.key(from:))
    }

    /// The user's keys, oldest first, expired ones included.
    func keys(userID: Int64) async throws -> [StoredAPIKey] {
        try await self.database.execute(.apiKeysOfUser, [.integer(userID)]).compactMap(Self.key(from:))
    }

    /// Deletes the user's key `id`; false when the user has no such key.
    func delete(id: Int64, userID: Int64) async throws -> Bool {
        try await !self.database.execute(.deleteAPIKey, [.integer(id), .integer(userID)]).isEmpty
    }

    /// How long an expired key stays listed before the purge deletes it, so that its user sees it lapse.
    static let keepExpiredSeconds: TimeInterval = 30 * 86_400

    /// Deletes the keys that expired more than `keepExpiredSeconds` ago; answers how many.
    func deleteLapsed(now: Date) async throws -> Int {
        try await self.database.execute(.deleteLapsedAPIKeys, [.date(now.addingTimeInterval(-Self.keepExpiredSeconds))]).count
    }

    func recordUse(id: Int64, at now: Date) async throws {
        _ = try await self.database.execute(.updateAPIKeyLastUse, [.date(now), .integer(id)])
    }

    private static func key(from row: ExtensionRow) -> StoredAPIKey? {
        guard let id = row["id"]?.integer, let userID = row["user_id"]?.integer, let name = row["name"]?.text,
            let scopes = row["scopes"]?.text, let createdAt = row["created_at"]?.date, let expiresAt = row["expires_at"]?.date
        else { return nil }
        return StoredAPIKey(
            id: id,
            userID: userID,
            name: name,
            scopes: Set(scopes.split(separator: " ").map(String.init)),
            createdAt: createdAt,
            expiresAt: expiresAt,
            lastUsedAt: row["last_used_at"]?.date
        )
    }
}

// None of them writes users or sessions: the server's cache of session checks stays.
extension ExtensionStatement {
    static let insertAPIKey = ExtensionStatement(
        sqlite: """
            INSERT INTO api_keys (user_id, name, digest, scopes, created_at, expires_at)
            SELECT ?1, ?2, ?3, ?4, ?5, ?6
            WHERE (SELECT COUNT(*) FROM api_keys WHERE user_id = ?7 AND expires_at > ?8) < ?9
            RETURNING id
            """,
        postgres: """
            INSERT INTO api_keys (user_id, name, digest, scopes, created_at, expires_at)
            SELECT $1, $2, $3, $4, $5, $6
            WHERE (SELECT COUNT(*) FROM api_keys WHERE user_id = $7 AND expires_at > $8) < $9
            RETURNING id
            """,
        writesUsersOrSessions: false
    )
    static let apiKeyByDigest = ExtensionStatement(
        sqlite: "SELECT id, user_id, name, scopes, created_at, expires_at, last_used_at FROM api_keys WHERE digest = ?",
        postgres: "SELECT id, user_id, name, scopes, created_at, expires_at, last_used_at FROM api_keys WHERE digest = $1",
        writesUsersOrSessions: false
    )
    static let apiKeysOfUser = ExtensionStatement(
        sqlite: "SELECT id, user_id, name, scopes, created_at, expires_at, last_used_at FROM api_keys WHERE user_id = ? ORDER BY id",
        postgres: "SELECT id, user_id, name, scopes, created_at, expires_at, last_used_at FROM api_keys WHERE user_id = $1 ORDER BY id",
        writesUsersOrSessions: false
    )
    static let deleteLapsedAPIKeys = ExtensionStatement(
        sqlite: "DELETE FROM api_keys WHERE expires_at <= ? RETURNING id",
        postgres: "DELETE FROM api_keys WHERE expires_at <= $1 RETURNING id",
        writesUsersOrSessions: false
    )
    static let deleteAPIKey = ExtensionStatement(
        sqlite: "DELETE FROM api_keys WHERE id = ? AND user_id = ? RETURNING id",
        postgres: "DELETE FROM api_keys WHERE id = $1 AND user_id = $2 RETURNING id",
        writesUsersOrSessions: false
    )
    static let updateAPIKeyLastUse = ExtensionStatement(
        sqlite: "UPDATE api_keys SET last_used_at = ? WHERE id = ?",
        postgres: "UPDATE api_keys SET last_used_at = $1 WHERE id = $2",
        writesUsersOrSessions: false
    )
}

extension Migration {
    /// One row per key, deleted with its user.
    static let apiKeysCreateTable = Migration(
        name: "api_keys_create_table",
        sqlite: [
            """
            CREATE TABLE api_keys (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                last_used_at REAL
            )
            """,
            "CREATE INDEX api_keys_user_id ON api_keys (user_id)",
        ],
        postgres: [
            """
            CREATE TABLE api_keys (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL,
                last_used_at TIMESTAMPTZ
            )
            """,
            "CREATE INDEX api_keys_user_id ON api_keys (user_id)",
        ]
    )
}
