import Foundation

/// The body of `POST /v1/products`.
struct ProductCreateRequest: Sendable {
    let headline: String
    let bodyValue: String?
    let stock: Int
    let price: Double?
    let featured: Bool
    let availableFrom: Date
    let label: String?
    let discontinuedAt: Date?
    let whereValue: String?

    init(reading body: inout BodyReader) {
        self.headline = body.value("headline", .string(maxLength: 12))
        self.bodyValue = body.optionalValue("body", .text(maxLength: nil))
        self.stock = body.value("stock", .int, default: 3)
        self.price = body.optionalValue("price", .double)
        self.featured = body.value("featured", .bool, default: true)
        self.availableFrom = body.value("available_from", .date, default: Date(timeIntervalSince1970: 1706659200))
        self.label = body.optionalValue("label", .string(maxLength: nil), default: "new")
        self.discontinuedAt = body.optionalValue("discontinued_at", .date)
        self.whereValue = body.optionalValue("where", .string(maxLength: nil))
    }
}

/// The body of `PATCH /v1/products/{id}`: only the fields it carries change.
struct ProductUpdateRequest: Sendable {
    let changes: ProductChanges

    init(reading body: inout BodyReader) {
        self.changes = ProductChanges(
            headline: body.change("headline", .string(maxLength: 12)),
            bodyValue: body.optionalChange("body", .text(maxLength: nil)),
            stock: body.change("stock", .int),
            price: body.optionalChange("price", .double),
            featured: body.change("featured", .bool),
            availableFrom: body.change("available_from", .date),
            label: body.optionalChange("label", .string(maxLength: nil)),
            discontinuedAt: body.optionalChange("discontinued_at", .date),
            whereValue: body.optionalChange("where", .string(maxLength: nil))
        )
    }
}
