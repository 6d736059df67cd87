import Foundation
import Hummingbird

/// Asks a logged-in user for their password again before something grave: a new password, a new address, deleting
/// the account, turning a second factor off. Wrong answers count into the login lockout, and the one that locks the
/// username ends the caller's session, so a stolen access token cannot be used to guess the password.
struct PasswordConfirmation: Sendable {
    let repository: any SessionRepository
    let hasher: any PasswordChecking
    let passwordPolicy: PasswordPolicy
    let lockout: LoginLockout

    /// Returns when `password` is the caller's; else throws 400 `Incorrect password`, or 401 once the session ended.
    func confirm(_ password: String, of identity: AuthenticatedUser, context: AppRequestContext) async throws {
        let username = Username.normalized(identity.user.username)
        if try await self.lockout.isLocked(username: username, address: context.clientAddress) {
            try await self.endSession(of: identity, context: context)
        }
        try await self.lockout.slowDown(username: username)
        // A password the policy could never have stored (too long, or with a NUL) fails like a wrong one.
        guard try await self.hasher.verify(password, against: identity.user.passwordHash),
            self.passwordPolicy.admitsLogin(password)
        else {
            try await self.recordFailure(of: identity, context: context)
            throw APIError.incorrectPassword
        }
    }

    /// Counts another wrong answer of the caller (e.g. a second factor's code) into the lockout; the one that locks
    /// the username ends the session (401) instead of returning.
    func recordFailure(of identity: AuthenticatedUser, context: AppRequestContext) async throws {
        let username = Username.normalized(identity.user.username)
        if try await self.lockout.recordPasswordFailure(username: username, address: context.clientAddress, session: identity.sessionID) {
            try await self.endSession(of: identity, context: context)
        }
    }

    private func endSession(of identity: AuthenticatedUser, context: AppRequestContext) async throws -> Never {
        try await self.repository.revokeSession(identity.sessionID, now: Date())
        context.logger.warning("Too many wrong passwords or codes; session revoked", metadata: ["user_id": "\(identity.user.id)"])
        throw APIError.invalidToken
    }
}
