import Foundation
import Hummingbird

/// A stored category.
struct Category: Sendable, Equatable {
    let id: Int64
    var title: String
    var weight: Double
    let createdAt: Date
    var updatedAt: Date
}

/// A category to insert.
struct NewCategory: Sendable {
    var title: String
    var weight: Double
    var createdAt = Date()
}

/// The fields a PATCH changes: nil leaves a field as it is, and `.some(nil)` clears an optional one.
struct CategoryChanges: Sendable {
    var title: String?
    var weight: Double?
    var updatedAt = Date()
}

/// A category as clients see it; optional fields are written as null when empty.
struct CategoryResponse: ResponseEncodable, Equatable {
    let category: Category

    init(_ category: Category) {
        self.category = category
    }

    enum CodingKeys: String, CodingKey {
        case id
        case title = "title"
        case weight = "weight"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.category.id, forKey: .id)
        try container.encode(self.category.title, forKey: .title)
        try container.encode(self.category.weight, forKey: .weight)
        try container.encode(self.category.createdAt, forKey: .createdAt)
        try container.encode(self.category.updatedAt, forKey: .updatedAt)
    }
}
