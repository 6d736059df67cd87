import Foundation
import PostgresNIO

extension PostgresRepository: CategoryRepository {
    private static let categoryColumns =
        "id, title, weight, created_at, updated_at"

    func createCategory(_ item: NewCategory) async throws -> Category {
        let rows = try await self.client.query(
            """
            INSERT INTO categories (title, weight, created_at, updated_at)
            VALUES (\(item.title), \(item.weight), \(item.createdAt), \(item.createdAt))
            RETURNING \(unescaped: Self.categoryColumns)
            """,
            logger: self.logger
        )
        guard let created = try await Self.categories(from: rows).first else { throw RepositoryError.noRowReturned }
        return created
    }

    func categories(limit: Int, offset: Int) async throws -> [Category] {
        let rows = try await self.client.query(
            "SELECT \(unescaped: Self.categoryColumns) FROM categories ORDER BY id LIMIT \(limit) OFFSET \(offset)",
            logger: self.logger
        )
        return try await Self.categories(from: rows)
    }

    func category(id: Int64) async throws -> Category? {
        let rows = try await self.client.query(
            "SELECT \(unescaped: Self.categoryColumns) FROM categories WHERE id = \(id)",
            logger: self.logger
        )
        return try await Self.categories(from: rows).first
    }

    func updateCategory(id: Int64, with changes: CategoryChanges) async throws -> Category? {
        var assignments: [String] = []
        var binds = PostgresBindings()
        if let title = changes.title {
            binds.append(title)
            assignments.append("title = $\(binds.count)")
        }
        if let weight = changes.weight {
            binds.append(weight)
            assignments.append("weight = $\(binds.count)")
        }
        binds.append(changes.updatedAt)
        assignments.append("updated_at = $\(binds.count)")
        binds.append(id)
        let sql = "UPDATE categories SET \(assignments.joined(separator: ", ")) WHERE id = $\(binds.count) RETURNING \(Self.categoryColumns)"
        let rows = try await self.client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: self.logger)
        return try await Self.categories(from: rows).first
    }

    func deleteCategory(id: Int64) async throws -> Bool {
        let rows = try await self.client.query("DELETE FROM categories WHERE id = \(id) RETURNING id", logger: self.logger)
        for try await _ in rows.decode(Int64.self) {
            return true
        }
        return false
    }

    private static func categories(from rows: PostgresRowSequence) async throws -> [Category] {
        var items: [Category] = []
        for try await (id, title, weight, createdAt, updatedAt) in rows.decode(
            (Int64, String, Double, Date, Date).self
        ) {
            items.append(
                Category(
                    id: id,
                    title: title,
                    weight: weight,
                    createdAt: createdAt,
                    updatedAt: updatedAt
                )
            )
        }
        return items
    }
}
