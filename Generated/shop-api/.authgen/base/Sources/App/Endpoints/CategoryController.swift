import Foundation
import Hummingbird

/// `/v1/categories`: list, create, read, update and delete categories.
struct CategoryController {
    /// Who may do what, from the spec.
    static let access = ResourceAccess(
        list: .public,
        read: .public,
        create: .superuser,
        update: .superuser,
        delete: .authenticated
    )

    /// What the OpenAPI document says about categories.
    static let description = ResourceDescription(
        typeName: "Category",
        pathSegment: "categories",
        owned: false,
        access: access,
        fields: [
            FieldDescription(name: "title", type: .string(maxLength: nil), optional: false, defaultValue: nil),
            FieldDescription(name: "weight", type: .double, optional: false, defaultValue: nil),
        ]
    )

    let repository: any CategoryRepository
    let users: any UserRepository
    let tokens: TokenService
    /// The plugins' checks of authenticated requests.
    let extensions: ExtensionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        self.routes(group, Self.access.list, scope: "category:list").get(use: self.list)
        self.routes(group, Self.access.create, scope: "category:create").post(use: self.create)
        self.routes(group, Self.access.read, scope: "category:read").get("{id}", use: self.read)
        self.routes(group, Self.access.update, scope: "category:update").patch("{id}", use: self.update)
        self.routes(group, Self.access.delete, scope: "category:delete").delete("{id}", use: self.delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [CategoryResponse] {
        let page = try request.pagination()
        return try await self.repository.categories(limit: page.limit, offset: page.offset).map(CategoryResponse.init)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<CategoryResponse> {
        let input = try await request.readJSONObject(context: context, CategoryCreateRequest.init(reading:))
        let created = try await self.repository.createCategory(
            NewCategory(
                title: input.title,
                weight: input.weight
            )
        )
        context.logger.info("Created category", metadata: ["category_id": "\(created.id)"])
        return EditedResponse(
            status: .created,
            headers: [.location: "\(request.uri.path)/\(created.id)"],
            response: CategoryResponse(created)
        )
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> CategoryResponse {
        let item = try await self.existing(context)
        return CategoryResponse(item)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> CategoryResponse {
        guard let id = context.parameters.itemID else { throw APIError.notFound("Category") }
        let input = try await request.readJSONObject(context: context, CategoryUpdateRequest.init(reading:))
        guard let updated = try await self.repository.updateCategory(id: id, with: input.changes) else {
            throw APIError.notFound("Category")
        }
        return CategoryResponse(updated)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        guard let id = context.parameters.itemID, try await self.repository.deleteCategory(id: id) else {
            throw APIError.notFound("Category")
        }
        context.logger.info("Deleted category", metadata: ["category_id": "\(context.parameters.get("id") ?? "")"])
        return .noContent
    }

    /// The item the route's `{id}` names; 404 when the id is malformed or unknown.
    private func existing(_ context: AppRequestContext) async throws -> Category {
        guard let id = context.parameters.itemID, let item = try await self.repository.category(id: id) else {
            throw APIError.notFound("Category")
        }
        return item
    }

    /// `scope`: what a scoped credential (an API key) needs for the action, beside the user's own permission.
    private func routes(_ group: RouterGroup<AppRequestContext>, _ access: Access, scope: String) -> RouterGroup<AppRequestContext> {
        group.requiring(access, scope: scope, tokens: self.tokens, repository: self.users, extensions: self.extensions)
    }
}
