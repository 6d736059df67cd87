import Foundation

/// The body of `POST /api/posts`.
struct PostCreateRequest: Sendable {
    let title: String
    let content: String
    let published: Bool

    init(reading body: inout BodyReader) {
        self.title = body.value("title", .string(maxLength: 200))
        self.content = body.value("content", .text(maxLength: 10000))
        self.published = body.value("published", .bool, default: false)
    }
}

/// The body of `PATCH /api/posts/{id}`: only the fields it carries change.
struct PostUpdateRequest: Sendable {
    let changes: PostChanges

    init(reading body: inout BodyReader) {
        self.changes = PostChanges(
            title: body.change("title", .string(maxLength: 200)),
            content: body.change("content", .text(maxLength: 10000)),
            published: body.change("published", .bool)
        )
    }
}
