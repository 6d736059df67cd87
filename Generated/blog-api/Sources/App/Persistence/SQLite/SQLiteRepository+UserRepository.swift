import Foundation
import SQLiteNIO

extension SQLiteRepository: UserRepository {
    func createUser(_ user: NewUser) async throws -> User {
        do {
            let rows = try await self.rows(
                """
                INSERT INTO users (email, username, username_normalized, full_name, hashed_password, is_active, is_superuser, created_at,
                                   \"email_verified\",
                                   \"mfa_enabled\")
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING \(Self.userColumns)
                """,
                [
                    .text(user.email), .text(user.username), .text(Username.normalized(user.username)),
                    user.fullName.map(SQLiteData.text) ?? .null,
                    .text(user.passwordHash), .integer(user.isActive ? 1 : 0), .integer(user.isSuperuser ? 1 : 0),
                    .float(user.createdAt.timeIntervalSince1970),
                    .integer(user.emailVerified ? 1 : 0),
                    .integer(user.mfaEnabled ? 1 : 0),
                ]
            )
            guard let row = rows.first, let created = Self.user(from: row) else {
                throw RepositoryError.noRowReturned
            }
            return created
        } catch let error as SQLiteError where error.reason == .constraintUniqueFailed || error.reason == .constraint {
            if error.message.contains("users.username") { throw RepositoryError.duplicateUsername }
            if error.message.contains("users.email") { throw RepositoryError.duplicateEmail }
            throw error
        }
    }

    func user(id: Int64) async throws -> User? {
        try await self.rows("SELECT \(Self.userColumns) FROM users WHERE id = ?", [.integer(SQLiteInt64(id))])
            .first.flatMap(Self.user(from:))
    }

    /// Asked on every authenticated request: answered from `activeSessions` when it can.
    func user(id: Int64, activeSession sessionID: String) async throws -> User? {
        try await self.activeSessions.user(id: id, session: sessionID) {
            try await self.rows(
                """
                SELECT \(Self.userColumns) FROM users
                WHERE id = ? AND EXISTS (SELECT 1 FROM sessions WHERE sessions.id = ? AND sessions.user_id = users.id
                                         AND sessions.revoked_at IS NULL)
                """,
                [.integer(SQLiteInt64(id)), .text(sessionID)]
            ).first.flatMap(Self.user(from:))
        }
    }

    func user(username: String) async throws -> User? {
        try await self.rows(
            "SELECT \(Self.userColumns) FROM users WHERE username_normalized = ?",
            [.text(Username.normalized(username))]
        )
            .first.flatMap(Self.user(from:))
    }

    func setActive(_ isActive: Bool, userID: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        _ = try await self.rows(
            "UPDATE users SET is_active = ? WHERE id = ?",
            [.integer(isActive ? 1 : 0), .integer(SQLiteInt64(userID))]
        )
    }

    func users(limit: Int, offset: Int) async throws -> [User] {
        try await self.rows(
            "SELECT \(Self.userColumns) FROM users ORDER BY id LIMIT ? OFFSET ?",
            [.integer(limit), .integer(offset)]
        ).compactMap(Self.user(from:))
    }

    func updateUser(id: Int64, isActive: Bool?, isSuperuser: Bool?) async throws -> User? {
        defer { self.activeSessions.invalidate(userID: id) }
        let updated = try await self.rows(
            """
            UPDATE users SET is_active = COALESCE(?1, is_active), is_superuser = COALESCE(?2, is_superuser)
            WHERE id = ?3 AND (
                NOT (is_active AND is_superuser) OR (COALESCE(?1, is_active) AND COALESCE(?2, is_superuser))
                OR EXISTS (SELECT 1 FROM users AS other WHERE other.id <> users.id AND other.is_active AND other.is_superuser)
            )
            RETURNING \(Self.userColumns)
            """,
            [isActive?.sqliteData ?? .null, isSuperuser?.sqliteData ?? .null, .integer(SQLiteInt64(id))]
        ).first.flatMap(Self.user(from:))
        if updated == nil, try await self.user(id: id) != nil {
            throw RepositoryError.lastActiveSuperuser
        }
        return updated
    }

    func deleteUser(id: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: id) }
        _ = try await self.rows("DELETE FROM users WHERE id = ?", [.integer(SQLiteInt64(id))])
    }

    func deleteUserKeepingASuperuser(id: Int64) async throws -> Bool {
        defer { self.activeSessions.invalidate(userID: id) }
        let deleted = try await self.rows(
            """
            DELETE FROM users WHERE id = ?1 AND (
                NOT (is_active AND is_superuser)
                OR EXISTS (SELECT 1 FROM users AS other WHERE other.id <> users.id AND other.is_active AND other.is_superuser)
            )
            RETURNING id
            """,
            [.integer(SQLiteInt64(id))]
        )
        if deleted.isEmpty, try await self.user(id: id) != nil {
            throw RepositoryError.lastActiveSuperuser
        }
        return !deleted.isEmpty
    }

    func updatePassword(userID: Int64, passwordHash: String) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        _ = try await self.rows(
            "UPDATE users SET hashed_password = ? WHERE id = ?",
            [.text(passwordHash), .integer(SQLiteInt64(userID))]
        )
    }

    func grantRole(_ role: Role, userID: Int64) async throws -> User? {
        defer { self.activeSessions.invalidate(userID: userID) }
        return try await self.rows(
            """
            UPDATE users SET roles = CASE WHEN instr(' ' || roles || ' ', ' ' || ?1 || ' ') > 0 THEN roles
                                          ELSE ltrim(roles || ' ' || ?1) END
            WHERE id = ?2 RETURNING \(Self.userColumns)
            """,
            [.text(role.rawValue), .integer(SQLiteInt64(userID))]
        ).first.flatMap(Self.user(from:))
    }

    func revokeRole(_ role: Role, userID: Int64) async throws -> User? {
        defer { self.activeSessions.invalidate(userID: userID) }
        return try await self.rows(
            "UPDATE users SET roles = trim(replace(' ' || roles || ' ', ' ' || ?1 || ' ', ' ')) WHERE id = ?2 RETURNING \(Self.userColumns)",
            [.text(role.rawValue), .integer(SQLiteInt64(userID))]
        ).first.flatMap(Self.user(from:))
    }

    static let userColumns = "id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles, \"email_verified\", \"mfa_enabled\""

    static func user(from row: SQLiteRow) -> User? {
        guard let id = row.column("id")?.integer,
            let email = row.column("email")?.string,
            let username = row.column("username")?.string,
            let hash = row.column("hashed_password")?.string,
            let isActive = row.column("is_active")?.bool,
            let isSuperuser = row.column("is_superuser")?.bool,
            let createdAt = row.column("created_at")?.double,
            let roles = row.column("roles")?.string,
            let emailVerified = row.column("email_verified")?.bool,
            let mfaEnabled = row.column("mfa_enabled")?.bool
        else { return nil }
        return User(
            id: Int64(id),
            email: email,
            username: username,
            fullName: row.column("full_name")?.string,
            passwordHash: hash,
            isActive: isActive,
            isSuperuser: isSuperuser,
            createdAt: Date(timeIntervalSince1970: createdAt),
            roles: Role.set(stored: roles),
            emailVerified: emailVerified,
            mfaEnabled: mfaEnabled
        )
    }
}
