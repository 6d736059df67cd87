import Foundation

/// The body of `POST /v1/categories`.
struct CategoryCreateRequest: Sendable {
    let title: String
    let weight: Double

    init(reading body: inout BodyReader) {
        self.title = body.value("title", .string(maxLength: nil))
        self.weight = body.value("weight", .double)
    }
}

/// The body of `PATCH /v1/categories/{id}`: only the fields it carries change.
struct CategoryUpdateRequest: Sendable {
    let changes: CategoryChanges

    init(reading body: inout BodyReader) {
        self.changes = CategoryChanges(
            title: body.change("title", .string(maxLength: nil)),
            weight: body.change("weight", .double)
        )
    }
}
