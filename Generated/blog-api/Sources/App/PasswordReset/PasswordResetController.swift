import Foundation
import Hummingbird

/// `POST /auth/password-reset` and `POST /auth/password-reset/confirm`: a user who forgot the password gets a link
/// by mail and sets a new password with the token it carries.
struct PasswordResetController {
    let repository: any AppRepository
    let hasher: any PasswordChecking
    let passwordPolicy: PasswordPolicy
    let tokens: PasswordResetTokens
    let mail: PasswordResetMail
    let requestLimit: RateLimitPolicy
    let confirmLimit: RateLimitPolicy

    static let accepted = MessageResponse(message: "If the address belongs to an account, a reset link is on its way")
    static let invalidToken = APIError(status: .badRequest, detail: "Invalid or expired token")

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.group("password-reset")
            .add(middleware: RateLimitMiddleware(policy: self.requestLimit))
            .post(use: self.requestReset)
        group.group("password-reset/confirm")
            .add(middleware: RateLimitMiddleware(policy: self.confirmLimit))
            .post(use: self.confirmReset)
    }

    /// Answers 202 with the same body whether or not the address has an account, after the same database work, so
    /// that the answer tells nothing; only an active account gets a mail. A newer request voids the older link.
    @Sendable func requestReset(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<MessageResponse> {
        let input = try await request.decode(as: PasswordResetRequest.self, context: context)
        let email = input.email.lowercased()
        // Per address too: nobody fills someone's mailbox with reset links.
        try await self.requestLimit.check(username: email)
        let token = OneTimeToken.generate()
        if let user = try await self.repository.user(email: email), user.isActive {
            try await self.tokens.replace(userID: user.id, with: token, now: Date(), ttlSeconds: self.mail.ttlSeconds)
            self.mail.send(to: user, token: token)
            context.logger.info("Password reset requested", metadata: ["user_id": "\(user.id)"])
        } else {
            try await self.tokens.replaceNothing(with: token)
        }
        return EditedResponse(status: .accepted, response: Self.accepted)
    }

    /// Sets the new password when the token is pending and unexpired (it is spent either way), then ends every
    /// session of the user: whoever knew the old password is logged out.
    @Sendable func confirmReset(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let input = try await request.decode(as: PasswordResetConfirmRequest.self, context: context)
        // Checked before the token is spent, so that a rejected password can be retried with the same link.
        if let problem = self.passwordPolicy.violation(in: input.newPassword) {
            throw APIError.unprocessable(problem)
        }
        guard let userID = try await self.tokens.consume(input.token, now: Date()),
            let user = try await self.repository.user(id: userID), user.isActive
        else {
            throw Self.invalidToken
        }
        try await self.repository.updatePasswordEndingSessions(userID: user.id, passwordHash: try await self.hasher.hash(input.newPassword))
        context.logger.info("Password reset", metadata: ["user_id": "\(user.id)"])
        return MessageResponse(message: "Password updated")
    }
}
