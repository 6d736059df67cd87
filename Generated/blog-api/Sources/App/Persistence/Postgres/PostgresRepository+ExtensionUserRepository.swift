import PostgresNIO

extension PostgresRepository: ExtensionUserRepository {
    func user(email: String) async throws -> User? {
        let rows = try await self.database.query(
            """
            SELECT id, email, username, full_name, hashed_password, is_active, is_superuser, created_at, roles, \"email_verified\", \"mfa_enabled\"
            FROM users WHERE email = \(email.lowercased())
            """
        )
        return try Self.users(from: rows).first
    }

    func updateEmail(userID: Int64, email: String) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        do {
            try await self.database.query("UPDATE users SET email = \(email.lowercased()) WHERE id = \(userID)")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            if error.serverInfo?[.constraintName] == "users_email_unique" { throw RepositoryError.duplicateEmail }
            throw error
        }
    }

    func setEmailVerified(_ value: Bool, userID: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        try await self.database.query("UPDATE users SET \"email_verified\" = \(value) WHERE id = \(userID)")
    }

    func setMfaEnabled(_ value: Bool, userID: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        try await self.database.query("UPDATE users SET \"mfa_enabled\" = \(value) WHERE id = \(userID)")
    }
}
