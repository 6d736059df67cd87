import Foundation
import Hummingbird

/// `POST /auth/verify-email`, `POST /auth/verify-email/resend` and `POST /auth/email`: users confirm their address
/// from a mail, ask for a new link, and change their address (it changes once the new one is confirmed).
struct EmailVerificationController {
    let repository: any AppRepository
    /// Reads the bearer token where one is needed or optional.
    let authenticator: JWTAuthenticator
    let confirmation: PasswordConfirmation
    let verifications: EmailVerificationTokens
    let mail: EmailVerificationMail
    let verifyLimit: RateLimitPolicy
    let changeLimit: RateLimitPolicy

    static let resent = MessageResponse(message: "If the address belongs to an unverified account, a verification link is on its way")
    static let invalidToken = APIError(status: .badRequest, detail: "Invalid or expired token")

    /// `group`: `/auth`, public; the routes that need a login add it.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.group("verify-email")
            .add(middleware: RateLimitMiddleware(policy: self.verifyLimit))
            .post(use: self.verify)
        // A bearer token is optional here: without one, the body names the address.
        group.group("verify-email/resend")
            .add(middleware: RateLimitMiddleware(policy: self.verifyLimit))
            .add(middleware: self.authenticator)
            .post(use: self.resend)
        group.group("email")
            .add(middleware: RateLimitMiddleware(policy: self.changeLimit))
            .add(middleware: self.authenticator)
            .add(middleware: RequireAuthenticationMiddleware())
            .post(use: self.changeEmail)
    }

    /// Confirms the address the token was mailed to: the user's own (now verified), or the new one of an email change
    /// (now the user's address, verified).
    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let input = try await request.decode(as: VerifyEmailRequest.self, context: context)
        guard let confirmed = try await self.verifications.consume(input.token, now: Date()),
            let user = try await self.repository.user(id: confirmed.userID), user.isActive
        else {
            throw Self.invalidToken
        }
        if confirmed.email == user.email {
            try await self.repository.setEmailVerified(true, userID: user.id)
            context.logger.info("Verified email", metadata: ["user_id": "\(user.id)"])
            return MessageResponse(message: "Email verified")
        }
        // Someone registered the new address since the link was sent: it stays theirs.
        if try await self.repository.user(email: confirmed.email) != nil {
            throw APIError.emailTaken
        }
        do {
            try await self.repository.updateEmail(userID: user.id, email: confirmed.email)
        } catch RepositoryError.duplicateEmail {
            throw APIError.emailTaken
        }
        try await self.repository.setEmailVerified(true, userID: user.id)
        context.logger.info("Changed email", metadata: ["user_id": "\(user.id)"])
        return MessageResponse(message: "Email changed")
    }

    /// Sends a new link to a logged-in user, or to the address in the body; 202 with the same body whether or not
    /// there was anything to send.
    @Sendable func resend(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<MessageResponse> {
        let user: User?
        if let identity = context.identity {
            user = identity.user
        } else {
            let email = try await request.decode(as: ResendVerificationRequest.self, context: context).email.lowercased()
            try await self.verifyLimit.check(username: email)
            user = try await self.repository.user(email: email)
        }
        if let user, user.isActive, !user.emailVerified {
            try await self.mail.sendVerification(userID: user.id, username: user.username, to: user.email)
        } else {
            try await self.verifications.replaceNothing(with: OneTimeToken.generate())
        }
        return EditedResponse(status: .accepted, response: Self.resent)
    }

    /// Sends a link to the new address and a notice to the old one; the address changes when the link is opened.
    /// Wrong passwords count into the login lockout, as for `POST /auth/password`: a stolen access token cannot
    /// take over the account by moving its address.
    @Sendable func changeEmail(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<MessageResponse> {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: ChangeEmailRequest.self, context: context)
        try await self.confirmation.confirm(input.password, of: identity, context: context)
        let newEmail = input.newEmail.lowercased()
        guard RegistrationRules.isValidEmail(newEmail) else { throw APIError.unprocessable("Invalid email address") }
        guard newEmail != identity.user.email else {
            throw APIError(status: .badRequest, detail: "That is already the account's email")
        }
        if try await self.repository.user(email: newEmail) != nil {
            throw APIError.emailTaken
        }
        try await self.mail.sendVerification(userID: identity.user.id, username: identity.user.username, to: newEmail)
        self.mail.sendChangeNotice(username: identity.user.username, to: identity.user.email)
        context.logger.info("Email change requested", metadata: ["user_id": "\(identity.user.id)"])
        return EditedResponse(status: .accepted, response: MessageResponse(message: "Open the link sent to the new address to confirm the change"))
    }
}
