import Foundation
import Hummingbird

/// A stored order.
struct Order: Sendable, Equatable {
    let id: Int64
    /// The user who created it.
    let authorID: Int64
    var from: String
    var select: Bool
    var group: Int?
    var table: String?
    var user: String?
    var classValue: String
    var defaultValue: Double?
    var protocolValue: Date?
    var selfValue: String?
    let createdAt: Date
    var updatedAt: Date
}

/// A order to insert.
struct NewOrder: Sendable {
    var authorID: Int64
    var from: String
    var select: Bool
    var group: Int?
    var table: String?
    var user: String?
    var classValue: String
    var defaultValue: Double?
    var protocolValue: Date?
    var selfValue: String?
    var createdAt = Date()
}

/// The fields a PATCH changes: nil leaves a field as it is, and `.some(nil)` clears an optional one.
struct OrderChanges: Sendable {
    var from: String?
    var select: Bool?
    var group: Int??
    var table: String??
    var user: String??
    var classValue: String?
    var defaultValue: Double??
    var protocolValue: Date??
    var selfValue: String??
    var updatedAt = Date()
}

/// A order as clients see it; optional fields are written as null when empty.
struct OrderResponse: ResponseEncodable, Equatable {
    let order: Order

    init(_ order: Order) {
        self.order = order
    }

    enum CodingKeys: String, CodingKey {
        case id
        case from = "from"
        case select = "select"
        case group = "group"
        case table = "table"
        case user = "user"
        case classValue = "class"
        case defaultValue = "default"
        case protocolValue = "protocol"
        case selfValue = "self"
        case authorID = "author_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.order.id, forKey: .id)
        try container.encode(self.order.from, forKey: .from)
        try container.encode(self.order.select, forKey: .select)
        try container.encode(self.order.group, forKey: .group)
        try container.encode(self.order.table, forKey: .table)
        try container.encode(self.order.user, forKey: .user)
        try container.encode(self.order.classValue, forKey: .classValue)
        try container.encode(self.order.defaultValue, forKey: .defaultValue)
        try container.encode(self.order.protocolValue, forKey: .protocolValue)
        try container.encode(self.order.selfValue, forKey: .selfValue)
        try container.encode(self.order.authorID, forKey: .authorID)
        try container.encode(self.order.createdAt, forKey: .createdAt)
        try container.encode(self.order.updatedAt, forKey: .updatedAt)
    }
}
