import Foundation

/// The `password_reset_tokens` table: at most one pending reset per user, kept as the SHA-256 of its token.
struct PasswordResetTokens: Sendable {
    let database: any ExtensionDatabase

    /// Records `token` as the user's only pending reset: a newer request replaces (and so voids) an older one.
    func replace(userID: Int64, with token: OneTimeToken, now: Date, ttlSeconds: Int) async throws {
        _ = try await self.database.execute(
            .upsertPasswordResetToken,
            [.integer(userID), .text(token.digest), .date(now), .date(now.addingTimeInterval(TimeInterval(ttlSeconds)))]
        )
    }

    /// Does the work of `replace` for an address that has no account, so that both answers take about as long.
    func replaceNothing(with token: OneTimeToken) async throws {
        _ = try await self.database.execute(.deletePasswordResetToken, [.text(token.digest)])
    }

    /// Spends the token: the user it was issued to when it is pending and unexpired, nil otherwise. The row is deleted
    /// in the same statement, so of two requests with one token only one gets a user.
    func consume(_ value: String, now: Date) async throws -> Int64? {
        let rows = try await self.database.execute(.deletePasswordResetToken, [.text(OneTimeToken.digest(of: value))])
        guard let row = rows.first, let userID = row["user_id"]?.integer, let expiresAt = row["expires_at"]?.date,
            expiresAt > now
        else { return nil }
        return userID
    }

    /// Deletes the resets whose links have expired; answers how many.
    func deleteExpired(now: Date) async throws -> Int {
        try await self.database.execute(.deleteExpiredPasswordResetTokens, [.date(now)]).count
    }
}

extension ExtensionStatement {
    static let upsertPasswordResetToken = ExtensionStatement(
        sqlite: """
            INSERT INTO password_reset_tokens (user_id, digest, created_at, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, created_at = excluded.created_at, expires_at = excluded.expires_at
            """,
        postgres: """
            INSERT INTO password_reset_tokens (user_id, digest, created_at, expires_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, created_at = excluded.created_at, expires_at = excluded.expires_at
            """
    )
    static let deleteExpiredPasswordResetTokens = ExtensionStatement(
        sqlite: "DELETE FROM password_reset_tokens WHERE expires_at <= ? RETURNING user_id",
        postgres: "DELETE FROM password_reset_tokens WHERE expires_at <= $1 RETURNING user_id",
        writesUsersOrSessions: false
    )
    static let deletePasswordResetToken = ExtensionStatement(
        sqlite: "DELETE FROM password_reset_tokens WHERE digest = ? RETURNING user_id, expires_at",
        postgres: "DELETE FROM password_reset_tokens WHERE digest = $1 RETURNING user_id, expires_at"
    )
}

extension Migration {
    /// One pending reset per user (its primary key); the token's digest is unique and looked up on confirmation.
    static let passwordResetCreateTokens = Migration(
        name: "password_reset_create_tokens",
        sqlite: [
            """
            CREATE TABLE password_reset_tokens (
                user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                digest TEXT NOT NULL UNIQUE,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            )
            """
        ],
        postgres: [
            """
            CREATE TABLE password_reset_tokens (
                user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                digest TEXT NOT NULL UNIQUE,
                created_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL
            )
            """
        ]
    )
}
