import SQLiteNIO

extension SQLiteRepository: ExtensionUserRepository {
    func user(email: String) async throws -> User? {
        try await self.rows("SELECT \(Self.userColumns) FROM users WHERE email = ?", [.text(email.lowercased())])
            .first.flatMap(Self.user(from:))
    }

    func updateEmail(userID: Int64, email: String) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        do {
            _ = try await self.rows(
                "UPDATE users SET email = ? WHERE id = ?",
                [.text(email.lowercased()), .integer(SQLiteInt64(userID))]
            )
        } catch let error as SQLiteError where error.reason == .constraintUniqueFailed || error.reason == .constraint {
            if error.message.contains("users.email") { throw RepositoryError.duplicateEmail }
            throw error
        }
    }

    func setEmailVerified(_ value: Bool, userID: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        _ = try await self.rows(
            "UPDATE users SET \"email_verified\" = ? WHERE id = ?",
            [.integer(value ? 1 : 0), .integer(SQLiteInt64(userID))]
        )
    }

    func setMfaEnabled(_ value: Bool, userID: Int64) async throws {
        defer { self.activeSessions.invalidate(userID: userID) }
        _ = try await self.rows(
            "UPDATE users SET \"mfa_enabled\" = ? WHERE id = ?",
            [.integer(value ? 1 : 0), .integer(SQLiteInt64(userID))]
        )
    }
}
