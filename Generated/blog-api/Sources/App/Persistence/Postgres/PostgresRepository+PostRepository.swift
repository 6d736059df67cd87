import Foundation
import PostgresNIO

extension PostgresRepository: PostRepository {
    private static let postColumns =
        "\"id\", \"author_id\", \"title\", \"content\", \"published\", \"created_at\", \"updated_at\""

    func createPost(_ item: NewPost) async throws -> Post {
        let rows = try await self.database.query(
            """
            INSERT INTO \"posts\" (\"author_id\", \"title\", \"content\", \"published\", \"created_at\", \"updated_at\")
            VALUES (\(item.authorID), \(item.title), \(item.content), \(item.published), \(item.createdAt), \(item.createdAt))
            RETURNING \(unescaped: Self.postColumns)
            """
        )
        guard let created = try Self.posts(from: rows).first else { throw RepositoryError.noRowReturned }
        return created
    }

    func posts(limit: Int, offset: Int) async throws -> [Post] {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.postColumns) FROM \"posts\" ORDER BY \"id\" LIMIT \(limit) OFFSET \(offset)"
        )
        return try Self.posts(from: rows)
    }

    func posts(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Post] {
        let rows = try await self.database.query(
            """
            SELECT \(unescaped: Self.postColumns) FROM \"posts\"
            WHERE \"author_id\" = \(authorID) AND \"id\" > \(afterID) ORDER BY \"id\" LIMIT \(limit)
            """
        )
        return try Self.posts(from: rows)
    }

    func post(id: Int64) async throws -> Post? {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.postColumns) FROM \"posts\" WHERE \"id\" = \(id)"
        )
        return try Self.posts(from: rows).first
    }

    func updatePost(id: Int64, with changes: PostChanges) async throws -> Post? {
        var assignments: [String] = []
        var binds = PostgresBindings()
        if let title = changes.title {
            binds.append(title)
            assignments.append("\"title\" = $\(binds.count)")
        }
        if let content = changes.content {
            binds.append(content)
            assignments.append("\"content\" = $\(binds.count)")
        }
        if let published = changes.published {
            binds.append(published)
            assignments.append("\"published\" = $\(binds.count)")
        }
        binds.append(changes.updatedAt)
        assignments.append("\"updated_at\" = $\(binds.count)")
        binds.append(id)
        let sql = "UPDATE \"posts\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = $\(binds.count) RETURNING \(Self.postColumns)"
        let rows = try await self.database.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        return try Self.posts(from: rows).first
    }

    func deletePost(id: Int64) async throws -> Bool {
        let rows = try await self.database.query("DELETE FROM \"posts\" WHERE \"id\" = \(id) RETURNING \"id\"")
        return !rows.isEmpty
    }

    private static func posts(from rows: [PostgresRow]) throws -> [Post] {
        var items: [Post] = []
        for row in rows {
            let (id, authorID, title, content, published, createdAt, updatedAt) = try row.decode(
                (Int64, Int64?, String, String, Bool, Date, Date).self
            )
            items.append(
                Post(
                    id: id,
                    authorID: authorID,
                    title: title,
                    content: content,
                    published: published,
                    createdAt: createdAt,
                    updatedAt: updatedAt
                )
            )
        }
        return items
    }
}
