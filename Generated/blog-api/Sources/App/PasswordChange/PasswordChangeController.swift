import Foundation
import Hummingbird

/// `POST /auth/password`: a logged-in user changes their password.
struct PasswordChangeController {
    let repository: any UserRepository & SessionRepository
    let hasher: any PasswordChecking
    let passwordPolicy: PasswordPolicy
    let confirmation: PasswordConfirmation

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("password", use: self.changePassword)
    }

    /// Changes the password after checking the current one, and revokes every other login of the user. Wrong
    /// current passwords count into the login lockout: the one that locks the username ends this session, so a
    /// stolen access token cannot be used to guess the password.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: ChangePasswordRequest.self, context: context)
        try await self.confirmation.confirm(input.currentPassword, of: identity, context: context)
        if let problem = self.passwordPolicy.violation(in: input.newPassword) {
            throw APIError.unprocessable(problem)
        }
        try await self.repository.updatePassword(userID: identity.user.id, passwordHash: try await self.hasher.hash(input.newPassword))
        try await self.repository.revokeOtherSessions(userID: identity.user.id, keeping: identity.sessionID, now: Date())
        context.logger.info("Changed password", metadata: ["user_id": "\(identity.user.id)"])
        return MessageResponse(message: "Password updated")
    }
}
