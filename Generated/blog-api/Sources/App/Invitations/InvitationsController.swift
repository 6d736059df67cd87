import Foundation
import Hummingbird

/// Superusers invite people by email (`/users/invitations`); the invitee creates the account with the mailed token
/// (`POST /auth/invitations/accept`), whether or not registration is open.
struct InvitationsController {
    let repository: any AppRepository
    let hasher: any PasswordChecking
    let passwordPolicy: PasswordPolicy
    let invitations: Invitations
    let mail: InvitationMail
    let ttlSeconds: Int
    let inviteLimit: RateLimitPolicy
    let acceptLimit: RateLimitPolicy

    static let invalidToken = APIError(status: .badRequest, detail: "Invalid or expired invitation")

    /// `group`: `/users` for superusers only.
    func addAdminRoutes(to group: RouterGroup<AppRequestContext>) {
        let invitations = group.group("invitations").add(middleware: RateLimitMiddleware(policy: self.inviteLimit))
        invitations.post(use: self.invite)
        invitations.get(use: self.list)
        invitations.delete("{id}", use: self.revoke)
    }

    /// `group`: `/auth`, public.
    func addAcceptRoute(to group: RouterGroup<AppRequestContext>) {
        group.group("invitations/accept")
            .add(middleware: RateLimitMiddleware(policy: self.acceptLimit))
            .post(use: self.accept)
    }

    /// Invites an address that has no account yet; inviting it again replaces the earlier invitation and its link.
    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Invitation> {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: InvitationRequest.self, context: context)
        let email = input.email.lowercased()
        guard RegistrationRules.isValidEmail(email) else { throw APIError.unprocessable("Invalid email address") }
        if try await self.repository.user(email: email) != nil {
            throw APIError.emailTaken
        }
        let token = OneTimeToken.generate()
        guard
            let invitation = try await self.invitations.invite(
                email: email,
                isSuperuser: input.isSuperuser ?? false,
                token: token,
                invitedBy: identity.user.id,
                now: Date(),
                ttlSeconds: self.ttlSeconds
            )
        else {
            throw APIError(status: .internalServerError, detail: "Internal server error")
        }
        self.mail.send(to: email, token: token, invitedBy: identity.user)
        context.logger.info("Invited a user", metadata: ["invitation_id": "\(invitation.id)", "user_id": "\(identity.user.id)"])
        return EditedResponse(status: .created, response: invitation)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [Invitation] {
        try await self.invitations.all()
    }

    /// Revokes a pending invitation: its link stops working.
    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw APIError.notFound("Invitation")
        }
        guard try await self.invitations.revoke(id: id) else { throw APIError.notFound("Invitation") }
        context.logger.info("Revoked an invitation", metadata: ["invitation_id": "\(id)"])
        return Response(status: .noContent)
    }

    /// Creates the invited account with the invitation's address and role. The token works once: a second use, an
    /// expired, revoked or replaced invitation gets 400.
    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<UserResponse> {
        let input = try await request.decode(as: InvitationAcceptRequest.self, context: context)
        if let problem = RegistrationRules.usernameViolation(input.username) ?? self.passwordPolicy.violation(in: input.password) {
            throw APIError.unprocessable(problem)
        }
        if try await self.repository.user(username: input.username) != nil {
            throw APIError.usernameTaken
        }
        let passwordHash = try await self.hasher.hash(input.password)
        let now = Date()
        guard let claimed = try await self.invitations.claim(input.token, now: now) else {
            throw Self.invalidToken
        }
        let newUser = NewUser(
            email: claimed.email,
            username: input.username,
            fullName: nil,
            passwordHash: passwordHash,
            isSuperuser: claimed.isSuperuser,
            // The invitee opened the link mailed to the address.
            emailVerified: true
        )
        let user: User
        do {
            user = try await self.repository.createUser(newUser)
        } catch RepositoryError.duplicateUsername {
            // Taken between the check and now: the invitee may try another name with the same link.
            try await self.invitations.restore(claimed, now: now)
            throw APIError.usernameTaken
        } catch RepositoryError.duplicateEmail {
            throw APIError.emailTaken
        }
        context.logger.info("Accepted an invitation", metadata: ["user_id": "\(user.id)"])
        return EditedResponse(status: .created, response: UserResponse(user))
    }
}
