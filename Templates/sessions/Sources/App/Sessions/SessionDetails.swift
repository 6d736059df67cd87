import Foundation

/// One open session as its user sees it.
struct SessionSummary: Sendable, Equatable {
    let id: String
    let createdAt: Date
    let lastUsedAt: Date
    let userAgent: String?
    /// The client's network (`NetworkPrefix`), never its address.
    let clientNetwork: String?
}

/// The `session_details` table: what the server's `sessions` table does not keep about a login (the client's user
/// agent and network, and when it was last used), one row per session, gone with its session.
struct SessionDetails: Sendable {
    /// A user agent longer than this is cut: it is shown, not parsed.
    static let userAgentLimit = 256

    let database: any ExtensionDatabase

    func record(_ session: SessionStart) async throws {
        let userAgent = session.userAgent.map { String($0.prefix(Self.userAgentLimit)) }
        _ = try await self.database.execute(
            .insertSessionDetails,
            [
                .text(session.sessionID),
                userAgent.map(ExtensionValue.text) ?? .null,
                NetworkPrefix.of(session.clientAddress).map(ExtensionValue.text) ?? .null,
                .date(session.startedAt),
            ]
        )
    }

    func recordUse(session sessionID: String, at now: Date) async throws {
        _ = try await self.database.execute(.updateSessionLastUse, [.date(now), .text(sessionID)])
    }

    /// The user's sessions that can still be used: not revoked, younger than `startedAfter` (the longest a session
    /// lasts), with a refresh token that is neither spent nor expired. Newest first.
    func openSessions(userID: Int64, startedAfter: Date, now: Date) async throws -> [SessionSummary] {
        let rows = try await self.database.execute(.openSessionsOfUser, [.integer(userID), .date(startedAfter), .date(now)])
        return rows.compactMap { row in
            guard let id = row["id"]?.text, let createdAt = row["created_at"]?.date else { return nil }
            return SessionSummary(
                id: id,
                createdAt: createdAt,
                lastUsedAt: row["last_used_at"]?.date ?? createdAt,
                userAgent: row["user_agent"]?.text,
                clientNetwork: row["client_network"]?.text
            )
        }
    }

    /// Whether `sessionID` is a session of the user that has not been revoked.
    func isUnrevoked(_ sessionID: String, userID: Int64) async throws -> Bool {
        try await !self.database.execute(.unrevokedSessionOfUser, [.text(sessionID), .integer(userID)]).isEmpty
    }
}

// None of them writes users or sessions: the server's cache of session checks stays (a session's first use on a
// process writes its last use, and must not empty that cache for every user).
extension ExtensionStatement {
    static let insertSessionDetails = ExtensionStatement(
        sqlite: "INSERT INTO session_details (session_id, user_agent, client_network, last_used_at) VALUES (?, ?, ?, ?)",
        postgres: "INSERT INTO session_details (session_id, user_agent, client_network, last_used_at) VALUES ($1, $2, $3, $4)",
        writesUsersOrSessions: false
    )
    static let updateSessionLastUse = ExtensionStatement(
        sqlite: "UPDATE session_details SET last_used_at = ? WHERE session_id = ?",
        postgres: "UPDATE session_details SET last_used_at = $1 WHERE session_id = $2",
        writesUsersOrSessions: false
    )
    // Sessions from before the plugin have no details: they show their start as their last use.
    static let openSessionsOfUser = ExtensionStatement(
        sqlite: """
            SELECT s.id, s.created_at, COALESCE(d.last_used_at, s.created_at) AS last_used_at, d.user_agent, d.client_network
            FROM sessions s LEFT JOIN session_details d ON d.session_id = s.id
            WHERE s.user_id = ?1 AND s.revoked_at IS NULL AND s.created_at > ?2
                AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.session_id = s.id AND r.revoked_at IS NULL AND r.expires_at > ?3)
            ORDER BY s.created_at DESC, s.id
            """,
        postgres: """
            SELECT s.id, s.created_at, COALESCE(d.last_used_at, s.created_at) AS last_used_at, d.user_agent, d.client_network
            FROM sessions s LEFT JOIN session_details d ON d.session_id = s.id
            WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.created_at > $2
                AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.session_id = s.id AND r.revoked_at IS NULL AND r.expires_at > $3)
            ORDER BY s.created_at DESC, s.id
            """,
        writesUsersOrSessions: false
    )
    static let unrevokedSessionOfUser = ExtensionStatement(
        sqlite: "SELECT id FROM sessions WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        postgres: "SELECT id FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
        writesUsersOrSessions: false
    )
}

extension Migration {
    /// One row per session, deleted with it (the purge deletes ended sessions).
    static let sessionsCreateDetails = Migration(
        name: "sessions_create_details",
        sqlite: [
            """
            CREATE TABLE session_details (
                session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
                user_agent TEXT,
                client_network TEXT,
                last_used_at REAL NOT NULL
            )
            """
        ],
        postgres: [
            """
            CREATE TABLE session_details (
                session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
                user_agent TEXT,
                client_network TEXT,
                last_used_at TIMESTAMPTZ NOT NULL
            )
            """
        ]
    )
}
