import Foundation
import Hummingbird

/// `POST /auth/password`: a logged-in user changes their password.
struct PasswordChangeController {
    let repository: any UserRepository & SessionRepository
    let hasher: any PasswordChecking
    let passwordPolicy: PasswordPolicy
    let lockout: LoginLockout

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("password", use: self.changePassword)
    }

    /// Changes the password after checking the current one, and revokes every other login of the user. Wrong
    /// current passwords count into the login lockout: the one that locks the username ends this session, so a
    /// stolen access token cannot be used to guess the password.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: ChangePasswordRequest.self, context: context)
        let username = Username.normalized(identity.user.username)
        if try await self.lockout.isLocked(username: username, address: context.clientAddress) {
            try await self.endSession(identity, context: context)
        }
        try await self.lockout.slowDown(username: username)
        guard try await self.hasher.verify(input.currentPassword, against: identity.user.passwordHash),
            self.passwordPolicy.admitsLogin(input.currentPassword)
        else {
            if try await self.lockout.recordPasswordFailure(
                username: username,
                address: context.clientAddress,
                session: identity.sessionID
            ) {
                try await self.endSession(identity, context: context)
            }
            throw APIError.incorrectPassword
        }
        if let problem = self.passwordPolicy.violation(in: input.newPassword) {
            throw APIError.unprocessable(problem)
        }
        try await self.repository.updatePassword(userID: identity.user.id, passwordHash: try await self.hasher.hash(input.newPassword))
        try await self.repository.revokeOtherSessions(userID: identity.user.id, keeping: identity.sessionID, now: Date())
        context.logger.info("Changed password", metadata: ["user_id": "\(identity.user.id)"])
        return MessageResponse(message: "Password updated")
    }

    /// Revokes the session of a request that reached the lockout, and answers 401.
    private func endSession(_ identity: AuthenticatedUser, context: AppRequestContext) async throws -> Never {
        try await self.repository.revokeSession(identity.sessionID, now: Date())
        context.logger.warning("Too many wrong current passwords; session revoked", metadata: ["user_id": "\(identity.user.id)"])
        throw APIError.invalidToken
    }
}
