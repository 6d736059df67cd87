import Foundation
import SQLiteNIO

extension SQLiteRepository: PostRepository {
    private static let postColumns =
        "\"id\", \"author_id\", \"title\", \"content\", \"published\", \"created_at\", \"updated_at\""

    func createPost(_ item: NewPost) async throws -> Post {
        let rows = try await self.rows(
            """
            INSERT INTO \"posts\" (\"author_id\", \"title\", \"content\", \"published\", \"created_at\", \"updated_at\")
            VALUES (?, ?, ?, ?, ?, ?) RETURNING \(Self.postColumns)
            """,
            [
                .integer(Int(item.authorID)),
                item.title.sqliteData ?? .null,
                item.content.sqliteData ?? .null,
                item.published.sqliteData ?? .null,
                .float(item.createdAt.timeIntervalSince1970),
                .float(item.createdAt.timeIntervalSince1970),
            ]
        )
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        return try Self.post(from: row)
    }

    func posts(limit: Int, offset: Int) async throws -> [Post] {
        try await self.rows(
            "SELECT \(Self.postColumns) FROM \"posts\" ORDER BY \"id\" LIMIT ? OFFSET ?",
            [.integer(limit), .integer(offset)]
        ).map(Self.post(from:))
    }

    func posts(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Post] {
        try await self.rows(
            "SELECT \(Self.postColumns) FROM \"posts\" WHERE \"author_id\" = ? AND \"id\" > ? ORDER BY \"id\" LIMIT ?",
            [.integer(Int(authorID)), .integer(Int(afterID)), .integer(limit)]
        ).map(Self.post(from:))
    }

    func post(id: Int64) async throws -> Post? {
        try await self.rows(
            "SELECT \(Self.postColumns) FROM \"posts\" WHERE \"id\" = ?",
            [.integer(Int(id))]
        ).first.map(Self.post(from:))
    }

    func updatePost(id: Int64, with changes: PostChanges) async throws -> Post? {
        var assignments: [String] = []
        var binds: [SQLiteData] = []
        if let title = changes.title {
            assignments.append("\"title\" = ?")
            binds.append(title.sqliteData ?? .null)
        }
        if let content = changes.content {
            assignments.append("\"content\" = ?")
            binds.append(content.sqliteData ?? .null)
        }
        if let published = changes.published {
            assignments.append("\"published\" = ?")
            binds.append(published.sqliteData ?? .null)
        }
        assignments.append("\"updated_at\" = ?")
        binds.append(.float(changes.updatedAt.timeIntervalSince1970))
        binds.append(.integer(Int(id)))
        return try await self.rows(
            "UPDATE \"posts\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = ? RETURNING \(Self.postColumns)",
            binds
        ).first.map(Self.post(from:))
    }

    func deletePost(id: Int64) async throws -> Bool {
        !(try await self.rows("DELETE FROM \"posts\" WHERE \"id\" = ? RETURNING \"id\"", [.integer(Int(id))]).isEmpty)
    }

    private static func post(from row: SQLiteRow) throws -> Post {
        Post(
            id: try row.required("id"),
            authorID: row.optional("author_id"),
            title: try row.required("title"),
            content: try row.required("content"),
            published: try row.required("published"),
            createdAt: try row.required("created_at"),
            updatedAt: try row.required("updated_at")
        )
    }
}
