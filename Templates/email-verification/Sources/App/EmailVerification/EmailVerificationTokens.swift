import Foundation

/// The `email_verification_tokens` table: at most one pending verification per user, of the address to confirm
/// (the user's own, or the new one of an email change), kept as the SHA-256 of its token.
struct EmailVerificationTokens: Sendable {
    /// What a spent token confirms.
    struct Confirmed: Sendable {
        let userID: Int64
        let email: String
    }

    let database: any ExtensionDatabase

    /// Records `token` as the user's only pending verification: a newer one (a resend, an email change) voids the older.
    func replace(userID: Int64, email: String, with token: OneTimeToken, now: Date, ttlSeconds: Int) async throws {
        _ = try await self.database.execute(
            .upsertEmailVerificationToken,
            [.integer(userID), .text(email), .text(token.digest), .date(now), .date(now.addingTimeInterval(TimeInterval(ttlSeconds)))]
        )
    }

    /// Does the work of `replace` for an address without a pending verification, so that both answers take about as long.
    func replaceNothing(with token: OneTimeToken) async throws {
        _ = try await self.database.execute(.deleteEmailVerificationToken, [.text(token.digest)])
    }

    /// Spends the token (deleted in the same statement: one use); nil when unknown or expired.
    func consume(_ value: String, now: Date) async throws -> Confirmed? {
        let rows = try await self.database.execute(.deleteEmailVerificationToken, [.text(OneTimeToken.digest(of: value))])
        guard let row = rows.first, let userID = row["user_id"]?.integer, let email = row["email"]?.text,
            let expiresAt = row["expires_at"]?.date, expiresAt > now
        else { return nil }
        return Confirmed(userID: userID, email: email)
    }

    /// Deletes the verifications whose links have expired; answers how many.
    func deleteExpired(now: Date) async throws -> Int {
        try await self.database.execute(.deleteExpiredEmailVerificationTokens, [.date(now)]).count
    }
}

extension ExtensionStatement {
    static let upsertEmailVerificationToken = ExtensionStatement(
        sqlite: """
            INSERT INTO email_verification_tokens (user_id, email, digest, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, digest = excluded.digest,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            """,
        postgres: """
            INSERT INTO email_verification_tokens (user_id, email, digest, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, digest = excluded.digest,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            """
    )
    static let deleteExpiredEmailVerificationTokens = ExtensionStatement(
        sqlite: "DELETE FROM email_verification_tokens WHERE expires_at <= ? RETURNING user_id",
        postgres: "DELETE FROM email_verification_tokens WHERE expires_at <= $1 RETURNING user_id",
        writesUsersOrSessions: false
    )
    static let deleteEmailVerificationToken = ExtensionStatement(
        sqlite: "DELETE FROM email_verification_tokens WHERE digest = ? RETURNING user_id, email, expires_at",
        postgres: "DELETE FROM email_verification_tokens WHERE digest = $1 RETURNING user_id, email, expires_at"
    )
}

extension Migration {
    /// One pending verification per user (its primary key); the token's digest is unique and looked up on confirmation.
    static let emailVerificationCreateTokens = Migration(
        name: "email_verification_create_tokens",
        sqlite: [
            """
            CREATE TABLE email_verification_tokens (
                user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            )
            """
        ],
        postgres: [
            """
            CREATE TABLE email_verification_tokens (
                user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                email TEXT NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                created_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL
            )
            """
        ]
    )
}
