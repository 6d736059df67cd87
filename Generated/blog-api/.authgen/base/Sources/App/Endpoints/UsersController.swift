import Foundation
import Hummingbird

/// `GET /users` and `PATCH /users/{id}`: user administration, for superusers.
struct UsersController {
    let repository: any UserRepository
    let tokens: TokenService
    /// The plugins' checks of authenticated requests.
    let extensions: ExtensionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let superusers = group.requiring(.superuser, tokens: self.tokens, repository: self.repository, extensions: self.extensions)
        superusers.get(use: self.list)
        superusers.patch("{id}", use: self.update)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [UserResponse] {
        let page = try request.pagination()
        return try await self.repository.users(limit: page.limit, offset: page.offset).map(UserResponse.init)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        let admin = try context.requireIdentity().user
        guard let id = context.parameters.itemID else { throw APIError.notFound("User") }
        let input = try await request.readJSONObject(context: context, UserUpdateRequest.init(reading:))
        if id == admin.id, input.isActive == false || input.isSuperuser == false {
            throw APIError(status: .badRequest, detail: "A superuser cannot deactivate or demote themselves")
        }
        let changed: User?
        do {
            changed = try await self.repository.updateUser(id: id, isActive: input.isActive, isSuperuser: input.isSuperuser)
        } catch RepositoryError.lastActiveSuperuser {
            throw APIError(status: .conflict, detail: "The last active superuser cannot be demoted or deactivated")
        }
        guard let user = changed else {
            throw APIError.notFound("User")
        }
        context.logger.info(
            "Updated user",
            metadata: ["user_id": "\(user.id)", "by": "\(admin.id)", "is_active": "\(user.isActive)", "is_superuser": "\(user.isSuperuser)"]
        )
        return UserResponse(user)
    }
}

/// The body of `PATCH /users/{id}`: the flags it carries change.
struct UserUpdateRequest: Sendable {
    let isActive: Bool?
    let isSuperuser: Bool?

    init(reading body: inout BodyReader) {
        self.isActive = body.change("is_active", .bool)
        self.isSuperuser = body.change("is_superuser", .bool)
    }
}
