import Foundation

/// What extensions may do to users besides `UserRepository`: find one by email, change an email, and set the user
/// fields plugins add (`user_fields:`). Each keeps the process's session cache right, and other processes learn of
/// the change as of any update of `users`.
protocol ExtensionUserRepository: Sendable {
    /// The user whose email is `email`, compared lower-cased as emails are stored.
    func user(email: String) async throws -> User?
    /// Stores `email` lower-cased; throws `RepositoryError.duplicateEmail` when another user has it.
    func updateEmail(userID: Int64, email: String) async throws
    /// Sets `email_verified` (email-verification plugin) of the user.
    func setEmailVerified(_ value: Bool, userID: Int64) async throws
    /// Sets `mfa_enabled` (mfa plugin) of the user.
    func setMfaEnabled(_ value: Bool, userID: Int64) async throws
}

extension UserRepository where Self: SessionRepository {
    /// Replaces the password and ends every session of the user, with its refresh tokens (a password reset).
    func updatePasswordEndingSessions(userID: Int64, passwordHash: String, now: Date = Date()) async throws {
        try await self.updatePassword(userID: userID, passwordHash: passwordHash)
        // No session has an empty id: every one of the user's ends.
        try await self.revokeOtherSessions(userID: userID, keeping: "", now: now)
    }
}
