import Hummingbird
import Logging

/// `PUT /users/{id}/roles/{role}` and `DELETE …`: superusers grant and revoke the spec's roles. Both are idempotent
/// and answer the user as it is then. The change holds from the user's next request on every replica: the roles are
/// read from the database with the user, as `is_superuser` is.
struct UserRolesController {
    let repository: any UserRepository
    let tokens: TokenService
    /// The plugins' checks of authenticated requests.
    let extensions: ExtensionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let superusers = group.requiring(.superuser, tokens: self.tokens, repository: self.repository, extensions: self.extensions)
        superusers.put("{id}/roles/{role}", use: self.grant)
        superusers.delete("{id}/roles/{role}", use: self.revoke)
    }

    @Sendable func grant(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        let (id, role) = try Self.target(context)
        guard let user = try await self.repository.grantRole(role, userID: id) else { throw APIError.notFound("User") }
        try Self.log("Granted role", role, to: user, context: context)
        return UserResponse(user)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        let (id, role) = try Self.target(context)
        guard let user = try await self.repository.revokeRole(role, userID: id) else { throw APIError.notFound("User") }
        try Self.log("Revoked role", role, to: user, context: context)
        return UserResponse(user)
    }

    /// The user id and the role the path names; 404 for a malformed id or a role the spec does not have.
    private static func target(_ context: AppRequestContext) throws -> (Int64, Role) {
        guard let id = context.parameters.itemID else { throw APIError.notFound("User") }
        guard let role = context.parameters.get("role").flatMap(Role.init(rawValue:)) else { throw APIError.notFound("Role") }
        return (id, role)
    }

    private static func log(_ message: Logger.Message, _ role: Role, to user: User, context: AppRequestContext) throws {
        let admin = try context.requireIdentity().user
        context.logger.info(message, metadata: ["user_id": "\(user.id)", "role": "\(role.rawValue)", "by": "\(admin.id)"])
    }
}
