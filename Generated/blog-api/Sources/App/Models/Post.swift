import Foundation
import Hummingbird

/// A stored post.
struct Post: Sendable, Equatable {
    let id: Int64
    /// The user who created it; nil once they deleted their account.
    let authorID: Int64?
    var title: String
    var content: String
    var published: Bool
    let createdAt: Date
    var updatedAt: Date
}

/// A post to insert.
struct NewPost: Sendable {
    var authorID: Int64
    var title: String
    var content: String
    var published: Bool
    var createdAt = Date()
}

/// The fields a PATCH changes: nil leaves a field as it is, and `.some(nil)` clears an optional one.
struct PostChanges: Sendable {
    var title: String?
    var content: String?
    var published: Bool?
    var updatedAt = Date()
}

/// A post as clients see it; optional fields are written as null when empty.
struct PostResponse: ResponseEncodable, Equatable {
    let post: Post

    init(_ post: Post) {
        self.post = post
    }

    enum CodingKeys: String, CodingKey {
        case id
        case title = "title"
        case content = "content"
        case published = "published"
        case authorID = "author_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.post.id, forKey: .id)
        try container.encode(self.post.title, forKey: .title)
        try container.encode(self.post.content, forKey: .content)
        try container.encode(self.post.published, forKey: .published)
        try container.encode(self.post.authorID, forKey: .authorID)
        try container.encode(self.post.createdAt, forKey: .createdAt)
        try container.encode(self.post.updatedAt, forKey: .updatedAt)
    }
}
