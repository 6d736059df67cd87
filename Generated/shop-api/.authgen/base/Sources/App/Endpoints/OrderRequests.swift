import Foundation

/// The body of `POST /v1/orders`.
struct OrderCreateRequest: Sendable {
    let from: String
    let select: Bool
    let group: Int?
    let table: String?
    let user: String?
    let classValue: String
    let defaultValue: Double?
    let protocolValue: Date?
    let selfValue: String?

    init(reading body: inout BodyReader) {
        self.from = body.value("from", .string(maxLength: 80))
        self.select = body.value("select", .bool, default: false)
        self.group = body.optionalValue("group", .int)
        self.table = body.optionalValue("table", .text(maxLength: nil))
        self.user = body.optionalValue("user", .string(maxLength: nil))
        self.classValue = body.value("class", .string(maxLength: nil), default: "standard")
        self.defaultValue = body.optionalValue("default", .double)
        self.protocolValue = body.optionalValue("protocol", .date)
        self.selfValue = body.optionalValue("self", .string(maxLength: nil))
    }
}

/// The body of `PATCH /v1/orders/{id}`: only the fields it carries change.
struct OrderUpdateRequest: Sendable {
    let changes: OrderChanges

    init(reading body: inout BodyReader) {
        self.changes = OrderChanges(
            from: body.change("from", .string(maxLength: 80)),
            select: body.change("select", .bool),
            group: body.optionalChange("group", .int),
            table: body.optionalChange("table", .text(maxLength: nil)),
            user: body.optionalChange("user", .string(maxLength: nil)),
            classValue: body.change("class", .string(maxLength: nil)),
            defaultValue: body.optionalChange("default", .double),
            protocolValue: body.optionalChange("protocol", .date),
            selfValue: body.optionalChange("self", .string(maxLength: nil))
        )
    }
}
