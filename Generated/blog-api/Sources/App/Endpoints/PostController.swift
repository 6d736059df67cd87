import Foundation
import Hummingbird

/// `/api/posts`: list, create, read, update and delete posts.
struct PostController {
    /// Who may do what, from the spec.
    static let access = ResourceAccess(
        list: .public,
        read: .public,
        create: .authenticated,
        update: .anyOf(.owner, .role(.editor)),
        delete: .anyOf(.superuser, .role(.editor))
    ).withAuthorOnCreate()

    /// What the OpenAPI document says about posts.
    static let description = ResourceDescription(
        typeName: "Post",
        pathSegment: "posts",
        owned: true,
        authorOptional: true,
        access: access,
        fields: [
            FieldDescription(name: "title", type: .string(maxLength: 200), optional: false, defaultValue: nil),
            FieldDescription(name: "content", type: .text(maxLength: 10000), optional: false, defaultValue: nil),
            FieldDescription(name: "published", type: .bool, optional: false, defaultValue: false),
        ]
    )

    let repository: any PostRepository
    let users: any UserRepository
    let tokens: TokenService
    /// The plugins' checks of authenticated requests.
    let extensions: ExtensionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        self.routes(group, Self.access.list, scope: "post:list").get(use: self.list)
        self.routes(group, Self.access.create, scope: "post:create").post(use: self.create)
        self.routes(group, Self.access.read, scope: "post:read").get("{id}", use: self.read)
        self.routes(group, Self.access.update, scope: "post:update").patch("{id}", use: self.update)
        self.routes(group, Self.access.delete, scope: "post:delete").delete("{id}", use: self.delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [PostResponse] {
        let page = try request.pagination()
        return try await self.repository.posts(limit: page.limit, offset: page.offset).map(PostResponse.init)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<PostResponse> {
        let input = try await request.readJSONObject(context: context, PostCreateRequest.init(reading:))
        let author = try context.requireIdentity().user
        let created = try await self.repository.createPost(
            NewPost(
                authorID: author.id,
                title: input.title,
                content: input.content,
                published: input.published
            )
        )
        context.logger.info("Created post", metadata: ["post_id": "\(created.id)"])
        return EditedResponse(
            status: .created,
            headers: [.location: "\(request.uri.path)/\(created.id)"],
            response: PostResponse(created)
        )
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> PostResponse {
        let item = try await self.existing(context)
        if Self.access.read.dependsOnItem {
            try context.require(Self.access.read, authorID: item.authorID)
        }
        return PostResponse(item)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> PostResponse {
        guard let id = context.parameters.itemID else { throw APIError.notFound("Post") }
        // Permission first: someone who may not change the item learns nothing from validation errors.
        let item = try await self.existing(context)
        if Self.access.update.dependsOnItem {
            try context.require(Self.access.update, authorID: item.authorID)
        }
        let input = try await request.readJSONObject(context: context, PostUpdateRequest.init(reading:))
        guard let updated = try await self.repository.updatePost(id: id, with: input.changes) else {
            throw APIError.notFound("Post")
        }
        return PostResponse(updated)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let item = try await self.existing(context)
        if Self.access.delete.dependsOnItem {
            try context.require(Self.access.delete, authorID: item.authorID)
        }
        guard try await self.repository.deletePost(id: item.id) else { throw APIError.notFound("Post") }
        context.logger.info("Deleted post", metadata: ["post_id": "\(context.parameters.get("id") ?? "")"])
        return .noContent
    }

    /// The item the route's `{id}` names; 404 when the id is malformed or unknown.
    private func existing(_ context: AppRequestContext) async throws -> Post {
        guard let id = context.parameters.itemID, let item = try await self.repository.post(id: id) else {
            throw APIError.notFound("Post")
        }
        return item
    }

    /// `scope`: what a scoped credential (an API key) needs for the action, beside the user's own permission.
    private func routes(_ group: RouterGroup<AppRequestContext>, _ access: Access, scope: String) -> RouterGroup<AppRequestContext> {
        group.requiring(access, scope: scope, tokens: self.tokens, repository: self.users, extensions: self.extensions)
    }
}
