import Foundation
import Hummingbird

/// `/v1/orders`: list, create, read, update and delete orders.
struct OrderController {
    /// Who may do what, from the spec.
    static let access = ResourceAccess(
        list: .authenticated,
        read: .owner,
        create: .authenticated,
        update: .owner,
        delete: .owner
    ).withAuthorOnCreate()

    /// What the OpenAPI document says about orders.
    static let description = ResourceDescription(
        typeName: "Order",
        pathSegment: "orders",
        owned: true,
        access: access,
        fields: [
            FieldDescription(name: "from", type: .string(maxLength: 80), optional: false, defaultValue: nil),
            FieldDescription(name: "select", type: .bool, optional: false, defaultValue: false),
            FieldDescription(name: "group", type: .int, optional: true, defaultValue: nil),
            FieldDescription(name: "table", type: .text(maxLength: nil), optional: true, defaultValue: nil),
            FieldDescription(name: "user", type: .string(maxLength: nil), optional: true, defaultValue: nil),
            FieldDescription(name: "class", type: .string(maxLength: nil), optional: false, defaultValue: "standard"),
            FieldDescription(name: "default", type: .double, optional: true, defaultValue: nil),
            FieldDescription(name: "protocol", type: .date, optional: true, defaultValue: nil),
            FieldDescription(name: "self", type: .string(maxLength: nil), optional: true, defaultValue: nil),
        ]
    )

    let repository: any OrderRepository
    let users: any UserRepository
    let tokens: TokenService
    /// The plugins' checks of authenticated requests.
    let extensions: ExtensionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        self.routes(group, Self.access.list, scope: "order:list").get(use: self.list)
        self.routes(group, Self.access.create, scope: "order:create").post(use: self.create)
        self.routes(group, Self.access.read, scope: "order:read").get("{id}", use: self.read)
        self.routes(group, Self.access.update, scope: "order:update").patch("{id}", use: self.update)
        self.routes(group, Self.access.delete, scope: "order:delete").delete("{id}", use: self.delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> [OrderResponse] {
        let page = try request.pagination()
        return try await self.repository.orders(limit: page.limit, offset: page.offset).map(OrderResponse.init)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<OrderResponse> {
        let input = try await request.readJSONObject(context: context, OrderCreateRequest.init(reading:))
        let author = try context.requireIdentity().user
        let created = try await self.repository.createOrder(
            NewOrder(
                authorID: author.id,
                from: input.from,
                select: input.select,
                group: input.group,
                table: input.table,
                user: input.user,
                classValue: input.classValue,
                defaultValue: input.defaultValue,
                protocolValue: input.protocolValue,
                selfValue: input.selfValue
            )
        )
        context.logger.info("Created order", metadata: ["order_id": "\(created.id)"])
        return EditedResponse(
            status: .created,
            headers: [.location: "\(request.uri.path)/\(created.id)"],
            response: OrderResponse(created)
        )
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> OrderResponse {
        let item = try await self.existing(context)
        if Self.access.read.dependsOnItem {
            try context.require(Self.access.read, authorID: item.authorID)
        }
        return OrderResponse(item)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> OrderResponse {
        guard let id = context.parameters.itemID else { throw APIError.notFound("Order") }
        // Permission first: someone who may not change the item learns nothing from validation errors.
        let item = try await self.existing(context)
        if Self.access.update.dependsOnItem {
            try context.require(Self.access.update, authorID: item.authorID)
        }
        let input = try await request.readJSONObject(context: context, OrderUpdateRequest.init(reading:))
        guard let updated = try await self.repository.updateOrder(id: id, with: input.changes) else {
            throw APIError.notFound("Order")
        }
        return OrderResponse(updated)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let item = try await self.existing(context)
        if Self.access.delete.dependsOnItem {
            try context.require(Self.access.delete, authorID: item.authorID)
        }
        guard try await self.repository.deleteOrder(id: item.id) else { throw APIError.notFound("Order") }
        context.logger.info("Deleted order", metadata: ["order_id": "\(context.parameters.get("id") ?? "")"])
        return .noContent
    }

    /// The item the route's `{id}` names; 404 when the id is malformed or unknown.
    private func existing(_ context: AppRequestContext) async throws -> Order {
        guard let id = context.parameters.itemID, let item = try await self.repository.order(id: id) else {
            throw APIError.notFound("Order")
        }
        return item
    }

    /// `scope`: what a scoped credential (an API key) needs for the action, beside the user's own permission.
    private func routes(_ group: RouterGroup<AppRequestContext>, _ access: Access, scope: String) -> RouterGroup<AppRequestContext> {
        group.requiring(access, scope: scope, tokens: self.tokens, repository: self.users, extensions: self.extensions)
    }
}
