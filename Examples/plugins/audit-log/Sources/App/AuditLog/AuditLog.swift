import Foundation

/// The `audit_log` table: one row per login and failed login, with who, when and from where.
/// It never holds a password or a token.
struct AuditLog: Sendable {
    enum Event: String, Sendable {
        case login
        case loginFailed = "login_failed"
    }

    struct Entry: Sendable, Equatable {
        let username: String
        let event: String
        let clientAddress: String
        let occurredAt: Date
    }

    /// Longer usernames are cut: the login form accepts anything, and the log must not grow with it.
    static let maxUsernameLength = 150

    let database: any ExtensionDatabase
    /// Entries older than this many days are deleted when a new one is recorded (`AUDIT_LOG_RETENTION_DAYS`).
    let retentionDays: Int

    /// Records `event`, then deletes the entries that have outlived the retention period.
    func record(_ event: Event, username: String, clientAddress: String, at time: Date = Date()) async throws {
        _ = try await self.database.execute(
            .insertAuditEntry,
            [.text(String(username.prefix(Self.maxUsernameLength))), .text(event.rawValue), .text(clientAddress), .date(time)]
        )
        let cutoff = time.addingTimeInterval(-Double(self.retentionDays) * 86_400)
        _ = try await self.database.execute(.deleteAuditEntriesBefore, [.date(cutoff)])
    }

    /// Every entry, oldest first.
    func entries() async throws -> [Entry] {
        try await self.database.execute(.selectAuditEntries, []).compactMap { row in
            guard let username = row["username"]?.text,
                let event = row["event"]?.text,
                let clientAddress = row["client_address"]?.text,
                let occurredAt = row["occurred_at"]?.date
            else { return nil }
            return Entry(username: username, event: event, clientAddress: clientAddress, occurredAt: occurredAt)
        }
    }
}

extension ExtensionStatement {
    static let insertAuditEntry = ExtensionStatement(
        sqlite: "INSERT INTO audit_log (username, event, client_address, occurred_at) VALUES (?, ?, ?, ?)",
        postgres: "INSERT INTO audit_log (username, event, client_address, occurred_at) VALUES ($1, $2, $3, $4)"
    )
    static let deleteAuditEntriesBefore = ExtensionStatement(
        sqlite: "DELETE FROM audit_log WHERE occurred_at < ?",
        postgres: "DELETE FROM audit_log WHERE occurred_at < $1"
    )
    static let selectAuditEntries = ExtensionStatement(
        sqlite: "SELECT username, event, client_address, occurred_at FROM audit_log ORDER BY id",
        postgres: "SELECT username, event, client_address, occurred_at FROM audit_log ORDER BY id"
    )
}
