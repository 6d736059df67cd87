import Foundation
import Hummingbird

/// `DELETE /auth/me` (a user deletes their own account) and `DELETE /users/{id}` (a superuser deletes a user).
/// The user row goes with its sessions and refresh tokens, so every token of the user stops at once, and with the
/// resources the user owns.
struct AccountDeletionController {
    let repository: any AppRepository
    let confirmation: PasswordConfirmation
    let extensions: ExtensionServices

    func addOwnRoute(to group: RouterGroup<AppRequestContext>) {
        group.delete("me", use: self.deleteOwnAccount)
    }

    func addAdminRoute(to group: RouterGroup<AppRequestContext>) {
        group.delete("{id}", use: self.deleteUser)
    }

    /// Deletes the caller's account once the password (and any second factor) is confirmed. Wrong passwords and codes
    /// count into the login lockout as at `POST /auth/password`: the one that locks the username ends this session, so a
    /// stolen access token cannot be used to guess the password.
    @Sendable func deleteOwnAccount(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: DeleteAccountRequest.self, context: context)
        try await self.confirmation.confirm(input.password, of: identity, context: context)
        try await self.extensions.confirmSecondFactor(of: identity, code: input.code, confirmation: self.confirmation, context: context)
        guard try await self.delete(userID: identity.user.id) else {
            // Deleted meanwhile by a concurrent request of the same user: its token no longer stands for anyone.
            throw APIError.invalidToken
        }
        context.logger.info("Deleted own account", metadata: ["user_id": "\(identity.user.id)"])
        return .noContent
    }

    @Sendable func deleteUser(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let admin = try context.requireIdentity().user
        guard let id = context.parameters.itemID else { throw APIError.notFound("User") }
        guard try await self.delete(userID: id) else { throw APIError.notFound("User") }
        context.logger.info("Deleted user", metadata: ["user_id": "\(id)", "by": "\(admin.id)"])
        return .noContent
    }

    /// false when there was no such user.
    private func delete(userID: Int64) async throws -> Bool {
        do {
            return try await self.repository.deleteUserKeepingASuperuser(id: userID)
        } catch RepositoryError.lastActiveSuperuser {
            throw APIError(status: .conflict, detail: "The last active superuser cannot be deleted")
        }
    }
}
