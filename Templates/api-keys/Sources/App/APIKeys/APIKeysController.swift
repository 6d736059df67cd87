import Foundation
import Hummingbird

/// `POST /auth/api-keys`, `GET /auth/api-keys` and `DELETE /auth/api-keys/{id}`: a logged-in user's keys. The routes
/// are not a resource action's, so an API key is refused on them (403): only a login creates or deletes keys.
struct APIKeysController {
    static let nameLimit = 100

    let store: APIKeyStore
    let maxPerUser: Int
    let maxTTLSeconds: Int

    /// `group`: `/auth/api-keys`, for logged-in users.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(use: self.create)
        group.get(use: self.list)
        group.delete("{id}", use: self.delete)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<APIKeyResponse> {
        let user = try context.requireIdentity().user
        let input = try await request.readJSONObject(context: context) { body in
            NewAPIKeyRequest(
                name: body.value("name", .keyName),
                scopes: body.value("scopes", .scopes),
                lifetime: body.value("expires_in", .lifetime(upTo: self.maxTTLSeconds), default: self.maxTTLSeconds)
            )
        }
        let key = APIKeySecret.generate()
        let now = Date()
        guard
            let stored = try await self.store.create(
                userID: user.id,
                name: input.name,
                scopes: input.scopes,
                digest: APIKeySecret.digest(key),
                now: now,
                expiresAt: now.addingTimeInterval(TimeInterval(input.lifetime)),
                maxPerUser: self.maxPerUser
            )
        else {
            throw APIError(status: .conflict, detail: "At most \(self.maxPerUser) API keys per user; delete one first")
        }
        context.logger.info("Created an API key", metadata: ["user_id": "\(user.id)", "api_key_id": "\(stored.id)"])
        return EditedResponse(status: .created, response: APIKeyResponse(stored, key: key))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [APIKeyResponse] {
        let user = try context.requireIdentity().user
        return try await self.store.keys(userID: user.id).map { APIKeyResponse($0) }
    }

    /// Another user's key and an unknown id both answer 404.
    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let user = try context.requireIdentity().user
        guard let id = context.parameters.itemID, try await self.store.delete(id: id, userID: user.id) else {
            throw APIError.notFound("API key")
        }
        context.logger.info("Deleted an API key", metadata: ["user_id": "\(user.id)", "api_key_id": "\(id)"])
        return .noContent
    }
}
