import Foundation
import PostgresNIO

extension PostgresRepository: CategoryRepository {
    private static let categoryColumns =
        "\"id\", \"title\", \"weight\", \"created_at\", \"updated_at\""

    func createCategory(_ item: NewCategory) async throws -> Category {
        let rows = try await self.database.query(
            """
            INSERT INTO \"categories\" (\"title\", \"weight\", \"created_at\", \"updated_at\")
            VALUES (\(item.title), \(item.weight), \(item.createdAt), \(item.createdAt))
            RETURNING \(unescaped: Self.categoryColumns)
            """
        )
        guard let created = try Self.categories(from: rows).first else { throw RepositoryError.noRowReturned }
        return created
    }

    func categories(limit: Int, offset: Int) async throws -> [Category] {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.categoryColumns) FROM \"categories\" ORDER BY \"id\" LIMIT \(limit) OFFSET \(offset)"
        )
        return try Self.categories(from: rows)
    }

    func category(id: Int64) async throws -> Category? {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.categoryColumns) FROM \"categories\" WHERE \"id\" = \(id)"
        )
        return try Self.categories(from: rows).first
    }

    func updateCategory(id: Int64, with changes: CategoryChanges) async throws -> Category? {
        var assignments: [String] = []
        var binds = PostgresBindings()
        if let title = changes.title {
            binds.append(title)
            assignments.append("\"title\" = $\(binds.count)")
        }
        if let weight = changes.weight {
            binds.append(weight)
            assignments.append("\"weight\" = $\(binds.count)")
        }
        binds.append(changes.updatedAt)
        assignments.append("\"updated_at\" = $\(binds.count)")
        binds.append(id)
        let sql = "UPDATE \"categories\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = $\(binds.count) RETURNING \(Self.categoryColumns)"
        let rows = try await self.database.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        return try Self.categories(from: rows).first
    }

    func deleteCategory(id: Int64) async throws -> Bool {
        let rows = try await self.database.query("DELETE FROM \"categories\" WHERE \"id\" = \(id) RETURNING \"id\"")
        return !rows.isEmpty
    }

    private static func categories(from rows: [PostgresRow]) throws -> [Category] {
        var items: [Category] = []
        for row in rows {
            let (id, title, weight, createdAt, updatedAt) = try row.decode(
                (Int64, String, Double, Date, Date).self
            )
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
