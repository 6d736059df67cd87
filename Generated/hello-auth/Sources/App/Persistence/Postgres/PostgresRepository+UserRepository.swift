import Foundation
import PostgresNIO

extension PostgresRepository: UserRepository {
    func createUser(_ user: NewUser) async throws -> User {
        do {
            let rows = try await self.database.query(
                """
                INSERT INTO users (email, username, username_normalized, full_name, hashed_password, is_active, is_superuser, created_at)
                VALUES (\(user.email), \(user.username), \(Username.normalized(user.username)), \(user.fullName), \(user.passwordHash), \(user.isActive),
                        \(user.isSuperuser), \(user.createdAt))
                RETURNING id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
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
        let rows = try await self.database.query(
            """
            SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
            FROM users WHERE id = \(id)
            """
        )
        return try Self.users(from: rows).first
    }

    func user(id: Int64, activeSession sessionID: String) async throws -> User? {
        try await self.activeSessions.user(id: id, session: sessionID) {
            let rows = try await self.database.query(
                """
                SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
                FROM users
                WHERE id = \(id) AND EXISTS (SELECT 1 FROM sessions WHERE sessions.id = \(sessionID)
                                            AND sessions.user_id = users.id AND sessions.revoked_at IS NULL)
                """
            )
            return try Self.users(from: rows).first
        }
    }

    func user(username: String) async throws -> User? {
        let rows = try await self.database.query(
            """
            SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
            FROM users WHERE username_normalized = \(Username.normalized(username))
            """
        )
        return try Self.users(from: rows).first
    }

    func setActive(_ isActive: Bool, userID: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        try await self.database.query("UPDATE users SET is_active = \(isActive) WHERE id = \(userID)")
    }

    func users(limit: Int, offset: Int) async throws -> [User] {
        let rows = try await self.database.query(
            """
            SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
            FROM users ORDER BY id LIMIT \(limit) OFFSET \(offset)
            """
        )
        return try Self.users(from: rows)
    }

    func updateUser(id: Int64, isActive: Bool?, isSuperuser: Bool?) async throws -> User? {
        defer { self.activeSessions.invalidate(userID: id) }
        let updated = try await self.database.client.withTransaction(logger: self.logger) { connection in
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
                RETURNING id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
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
        try await self.database.query("DELETE FROM users WHERE id = \(id)")
    }

    func deleteUserKeepingASuperuser(id: Int64) async throws -> Bool {
        defer { self.activeSessions.invalidate(userID: id) }
        let deleted = try await self.database.client.withTransaction(logger: self.logger) { connection in
            // The lock of `updateUser`: a deletion and a demotion (or two deletions) of the last two superusers
            // cannot both see the other one still there.
            try await connection.query("SELECT pg_advisory_xact_lock(727275)", logger: self.logger)
            return try await connection.query(
                """
                DELETE FROM users WHERE id = \(id) AND (
                    NOT (is_active AND is_superuser)
                    OR EXISTS (SELECT 1 FROM users AS other WHERE other.id <> users.id AND other.is_active AND other.is_superuser)
                )
                RETURNING id
                """,
                logger: self.logger
            ).collect()
        }
        if deleted.isEmpty, try await self.user(id: id) != nil {
            throw RepositoryError.lastActiveSuperuser
        }
        return !deleted.isEmpty
    }

    func updatePassword(userID: Int64, passwordHash: String) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        try await self.database.query("UPDATE users SET hashed_password = \(passwordHash) WHERE id = \(userID)")
    }

    func grantRole(_ role: Role, userID: Int64) async throws -> User? {
        defer { self.activeSessions.invalidate(userID: userID) }
        let rows = try await self.database.query(
            """
            UPDATE users SET roles = CASE WHEN strpos(' ' || roles || ' ', ' ' || \(role.rawValue) || ' ') > 0 THEN roles
                                          ELSE ltrim(roles || ' ' || \(role.rawValue)) END
            WHERE id = \(userID)
            RETURNING id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
            """
        )
        return try Self.users(from: rows).first
    }

    func revokeRole(_ role: Role, userID: Int64) async throws -> User? {
        defer { self.activeSessions.invalidate(userID: userID) }
        let rows = try await self.database.query(
            """
            UPDATE users SET roles = btrim(replace(' ' || roles || ' ', ' ' || \(role.rawValue) || ' ', ' '))
            WHERE id = \(userID)
            RETURNING id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles
            """
        )
        return try Self.users(from: rows).first
    }

    static func users(from rows: [PostgresRow]) throws -> [User] {
        var users: [User] = []
        for row in rows {
            let (id, email, username, fullName, hash, isActive, isSuperuser, createdAt, roles) = try row.decode(
                (Int64, String, String, String?, String, Bool, Bool, Date, String).self
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
                    createdAt: createdAt,
                    roles: Role.set(stored: roles)
                )
            )
        }
        return users
    }
}
