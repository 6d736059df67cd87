import Foundation
import Hummingbird

/// A stored product.
struct Product: Sendable, Equatable {
    let id: Int64
    /// The user who created it.
    let authorID: Int64
    var headline: String
    var bodyValue: String?
    var stock: Int
    var price: Double?
    var featured: Bool
    var availableFrom: Date
    var label: String?
    var discontinuedAt: Date?
    var whereValue: String?
    let createdAt: Date
    var updatedAt: Date
}

/// A product to insert.
struct NewProduct: Sendable {
    var authorID: Int64
    var headline: String
    var bodyValue: String?
    var stock: Int
    var price: Double?
    var featured: Bool
    var availableFrom: Date
    var label: String?
    var discontinuedAt: Date?
    var whereValue: String?
    var createdAt = Date()
}

/// The fields a PATCH changes: nil leaves a field as it is, and `.some(nil)` clears an optional one.
struct ProductChanges: Sendable {
    var headline: String?
    var bodyValue: String??
    var stock: Int?
    var price: Double??
    var featured: Bool?
    var availableFrom: Date?
    var label: String??
    var discontinuedAt: Date??
    var whereValue: String??
    var updatedAt = Date()
}

/// A product as clients see it; optional fields are written as null when empty.
struct ProductResponse: ResponseEncodable, Equatable {
    let product: Product

    init(_ product: Product) {
        self.product = product
    }

    enum CodingKeys: String, CodingKey {
        case id
        case headline = "headline"
        case bodyValue = "body"
        case stock = "stock"
        case price = "price"
        case featured = "featured"
        case availableFrom = "available_from"
        case label = "label"
        case discontinuedAt = "discontinued_at"
        case whereValue = "where"
        case authorID = "author_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.product.id, forKey: .id)
        try container.encode(self.product.headline, forKey: .headline)
        try container.encode(self.product.bodyValue, forKey: .bodyValue)
        try container.encode(self.product.stock, forKey: .stock)
        try container.encode(self.product.price, forKey: .price)
        try container.encode(self.product.featured, forKey: .featured)
        try container.encode(self.product.availableFrom, forKey: .availableFrom)
        try container.encode(self.product.label, forKey: .label)
        try container.encode(self.product.discontinuedAt, forKey: .discontinuedAt)
        try container.encode(self.product.whereValue, forKey: .whereValue)
        try container.encode(self.product.authorID, forKey: .authorID)
        try container.encode(self.product.createdAt, forKey: .createdAt)
        try container.encode(self.product.updatedAt, forKey: .updatedAt)
    }
}
