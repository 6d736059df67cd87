import Foundation

/// The `invitations` table: one pending invitation per address, its token kept as a SHA-256 digest. Accepting or
/// revoking an invitation deletes it.
struct Invitations: Sendable {
    /// What accepting a token found.
    struct Claimed: Sendable {
        let email: String
        let isSuperuser: Bool
        let expiresAt: Date
        let digest: String
    }

    let database: any ExtensionDatabase

    /// Invites `email`, replacing (and so voiding) an earlier invitation of the same address.
    func invite(email: String, isSuperuser: Bool, token: OneTimeToken, invitedBy: Int64, now: Date, ttlSeconds: Int) async throws -> Invitation? {
        let rows = try await self.database.execute(
            .upsertInvitation,
            [
                .text(email), .integer(isSuperuser ? 1 : 0), .text(token.digest), .integer(invitedBy), .date(now),
                .date(now.addingTimeInterval(TimeInterval(ttlSeconds))),
            ]
        )
        return rows.first.flatMap(Invitation.init(row:))
    }

    /// Every pending invitation, expired ones included, oldest first.
    func all() async throws -> [Invitation] {
        try await self.database.execute(.selectInvitations, []).compactMap(Invitation.init(row:))
    }

    /// How long an expired invitation stays listed before the purge deletes it, so that superusers see it lapsed.
    static let keepExpiredSeconds: TimeInterval = 30 * 86_400

    /// Deletes the invitations that expired more than `keepExpiredSeconds` ago; answers how many.
    func deleteLapsed(now: Date) async throws -> Int {
        try await self.database.execute(.deleteLapsedInvitations, [.date(now.addingTimeInterval(-Self.keepExpiredSeconds))]).count
    }

    /// Deletes the invitation; false when there is none with that id.
    func revoke(id: Int64) async throws -> Bool {
        !(try await self.database.execute(.deleteInvitation, [.integer(id)])).isEmpty
    }

    /// Takes the invitation of the token out of the table, so that of two requests with one token only one gets it;
    /// nil when there is none or it has expired.
    func claim(_ value: String, now: Date) async throws -> Claimed? {
        let digest = OneTimeToken.digest(of: value)
        let rows = try await self.database.execute(.claimInvitation, [.text(digest)])
        guard let row = rows.first, let email = row["email"]?.text, let isSuperuser = row["is_superuser"]?.integer,
            let expiresAt = row["expires_at"]?.date, expiresAt > now
        else { return nil }
        return Claimed(email: email, isSuperuser: isSuperuser != 0, expiresAt: expiresAt, digest: digest)
    }

    /// Puts a claimed invitation back, when the account could not be created for a reason the invitee can fix (a
    /// username someone took meanwhile). A newer invitation of the address wins.
    func restore(_ claimed: Claimed, now: Date) async throws {
        _ = try await self.database.execute(
            .restoreInvitation,
            [.text(claimed.email), .integer(claimed.isSuperuser ? 1 : 0), .text(claimed.digest), .date(now), .date(claimed.expiresAt)]
        )
    }
}

extension ExtensionStatement {
    static let deleteLapsedInvitations = ExtensionStatement(
        sqlite: "DELETE FROM invitations WHERE expires_at <= ? RETURNING id",
        postgres: "DELETE FROM invitations WHERE expires_at <= $1 RETURNING id",
        writesUsersOrSessions: false
    )
    static let upsertInvitation = ExtensionStatement(
        sqlite: """
            INSERT INTO invitations (email, is_superuser, digest, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (email) DO UPDATE SET is_superuser = excluded.is_superuser, digest = excluded.digest,
                invited_by = excluded.invited_by, created_at = excluded.created_at, expires_at = excluded.expires_at
            RETURNING id, email, is_superuser, created_at, expires_at
            """,
        postgres: """
            INSERT INTO invitations (email, is_superuser, digest, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (email) DO UPDATE SET is_superuser = excluded.is_superuser, digest = excluded.digest,
                invited_by = excluded.invited_by, created_at = excluded.created_at, expires_at = excluded.expires_at
            RETURNING id, email, is_superuser, created_at, expires_at
            """
    )
    static let selectInvitations = ExtensionStatement(
        sqlite: "SELECT id, email, is_superuser, created_at, expires_at FROM invitations ORDER BY id",
        postgres: "SELECT id, email, is_superuser, created_at, expires_at FROM invitations ORDER BY id"
    )
    static let deleteInvitation = ExtensionStatement(
        sqlite: "DELETE FROM invitations WHERE id = ? RETURNING id",
        postgres: "DELETE FROM invitations WHERE id = $1 RETURNING id"
    )
    static let claimInvitation = ExtensionStatement(
        sqlite: "DELETE FROM invitations WHERE digest = ? RETURNING email, is_superuser, expires_at",
        postgres: "DELETE FROM invitations WHERE digest = $1 RETURNING email, is_superuser, expires_at"
    )
    static let restoreInvitation = ExtensionStatement(
        sqlite: """
            INSERT INTO invitations (email, is_superuser, digest, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """,
        postgres: """
            INSERT INTO invitations (email, is_superuser, digest, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT DO NOTHING
            """
    )
}

extension Migration {
    /// One pending invitation per address; the token's digest is unique and looked up on acceptance.
    static let invitationsCreateInvitations = Migration(
        name: "invitations_create_invitations",
        sqlite: [
            """
            CREATE TABLE invitations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email TEXT NOT NULL UNIQUE,
                is_superuser INTEGER NOT NULL CHECK (is_superuser IN (0, 1)),
                digest TEXT NOT NULL UNIQUE,
                invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL
            )
            """
        ],
        postgres: [
            """
            CREATE TABLE invitations (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                is_superuser INTEGER NOT NULL CHECK (is_superuser IN (0, 1)),
                digest TEXT NOT NULL UNIQUE,
                invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
                created_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL
            )
            """
        ]
    )
}
