import Foundation
import Hummingbird

/// `/v1/products`: list, create, read, update and delete products.
struct ProductController {
    /// Who may do what, from the spec.
    static let access = ResourceAccess(
        list: .authenticated,
        read: .owner,
        create: .authenticated,
        update: .owner,
        delete: .owner
    ).withAuthorOnCreate()

    /// What the OpenAPI document says about products.
    static let description = ResourceDescription(
        typeName: "Product",
        pathSegment: "products",
        owned: true,
        access: access,
        fields: [
            FieldDescription(name: "headline", type: .string(maxLength: 12), optional: false, defaultValue: nil),
            FieldDescription(name: "body", type: .text(maxLength: nil), optional: true, defaultValue: nil),
            FieldDescription(name: "stock", type: .int, optional: false, defaultValue: 3),
            FieldDescription(name: "price", type: .double, optional: true, defaultValue: nil),
            FieldDescription(name: "featured", type: .bool, optional: false, defaultValue: true),
            FieldDescription(name: "available_from", type: .date, optional: false, defaultValue: "2024-01-31T00:00:00Z"),
            FieldDescription(name: "label", type: .string(maxLength: nil), optional: true, defaultValue: "new"),
            FieldDescription(name: "discontinued_at", type: .date, optional: true, defaultValue: nil),
            FieldDescription(name: "where", type: .string(maxLength: nil), optional: true, defaultValue: nil),
        ]
    )

    let repository: any ProductRepository
    let users: any UserRepository
    let tokens: TokenService
    /// The plugins' checks of authenticated requests.
    let extensions: ExtensionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        self.routes(group, Self.access.list, scope: "product:list").get(use: self.list)
        self.routes(group, Self.access.create, scope: "product:create").post(use: self.create)
        self.routes(group, Self.access.read, scope: "product:read").get("{id}", use: self.read)
        self.routes(group, Self.access.update, scope: "product:update").patch("{id}", use: self.update)
        self.routes(group, Self.access.delete, scope: "product:delete").delete("{id}", use: self.delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [ProductResponse] {
        let page = try request.pagination()
        return try await self.repository.products(limit: page.limit, offset: page.offset).map(ProductResponse.init)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<ProductResponse> {
        let input = try await request.readJSONObject(context: context, ProductCreateRequest.init(reading:))
        let author = try context.requireIdentity().user
        let created = try await self.repository.createProduct(
            NewProduct(
                authorID: author.id,
                headline: input.headline,
                bodyValue: input.bodyValue,
                stock: input.stock,
                price: input.price,
                featured: input.featured,
                availableFrom: input.availableFrom,
                label: input.label,
                discontinuedAt: input.discontinuedAt,
                whereValue: input.whereValue
            )
        )
        context.logger.info("Created product", metadata: ["product_id": "\(created.id)"])
        return EditedResponse(
            status: .created,
            headers: [.location: "\(request.uri.path)/\(created.id)"],
            response: ProductResponse(created)
        )
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> ProductResponse {
        let item = try await self.existing(context)
        if Self.access.read.dependsOnItem {
            try context.require(Self.access.read, authorID: item.authorID)
        }
        return ProductResponse(item)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> ProductResponse {
        guard let id = context.parameters.itemID else { throw APIError.notFound("Product") }
        // Permission first: someone who may not change the item learns nothing from validation errors.
        let item = try await self.existing(context)
        if Self.access.update.dependsOnItem {
            try context.require(Self.access.update, authorID: item.authorID)
        }
        let input = try await request.readJSONObject(context: context, ProductUpdateRequest.init(reading:))
        guard let updated = try await self.repository.updateProduct(id: id, with: input.changes) else {
            throw APIError.notFound("Product")
        }
        return ProductResponse(updated)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let item = try await self.existing(context)
        if Self.access.delete.dependsOnItem {
            try context.require(Self.access.delete, authorID: item.authorID)
        }
        guard try await self.repository.deleteProduct(id: item.id) else { throw APIError.notFound("Product") }
        context.logger.info("Deleted product", metadata: ["product_id": "\(context.parameters.get("id") ?? "")"])
        return .noContent
    }

    /// The item the route's `{id}` names; 404 when the id is malformed or unknown.
    private func existing(_ context: AppRequestContext) async throws -> Product {
        guard let id = context.parameters.itemID, let item = try await self.repository.product(id: id) else {
            throw APIError.notFound("Product")
        }
        return item
    }

    /// `scope`: what a scoped credential (an API key) needs for the action, beside the user's own permission.
    private func routes(_ group: RouterGroup<AppRequestContext>, _ access: Access, scope: String) -> RouterGroup<AppRequestContext> {
        group.requiring(access, scope: scope, tokens: self.tokens, repository: self.users, extensions: self.extensions)
    }
}
