import Foundation
import SQLiteNIO

extension SQLiteRepository: CategoryRepository {
    private static let categoryColumns =
        "\"id\", \"title\", \"weight\", \"created_at\", \"updated_at\""

    func createCategory(_ item: NewCategory) async throws -> Category {
        let rows = try await self.rows(
            """
            INSERT INTO \"categories\" (\"title\", \"weight\", \"created_at\", \"updated_at\")
            VALUES (?, ?, ?, ?) RETURNING \(Self.categoryColumns)
            """,
            [
                item.title.sqliteData ?? .null,
                item.weight.sqliteData ?? .null,
                .float(item.createdAt.timeIntervalSince1970),
                .float(item.createdAt.timeIntervalSince1970),
            ]
        )
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        return try Self.category(from: row)
    }

    func categories(limit: Int, offset: Int) async throws -> [Category] {
        try await self.rows(
            "SELECT \(Self.categoryColumns) FROM \"categories\" ORDER BY \"id\" LIMIT ? OFFSET ?",
            [.integer(limit), .integer(offset)]
        ).map(Self.category(from:))
    }

    func category(id: Int64) async throws -> Category? {
        try await self.rows(
            "SELECT \(Self.categoryColumns) FROM \"categories\" WHERE \"id\" = ?",
            [.integer(Int(id))]
        ).first.map(Self.category(from:))
    }

    func updateCategory(id: Int64, with changes: CategoryChanges) async throws -> Category? {
        var assignments: [String] = []
        var binds: [SQLiteData] = []
        if let title = changes.title {
            assignments.append("\"title\" = ?")
            binds.append(title.sqliteData ?? .null)
        }
        if let weight = changes.weight {
            assignments.append("\"weight\" = ?")
            binds.append(weight.sqliteData ?? .null)
        }
        assignments.append("\"updated_at\" = ?")
        binds.append(.float(changes.updatedAt.timeIntervalSince1970))
        binds.append(.integer(Int(id)))
        return try await self.rows(
            "UPDATE \"categories\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = ? RETURNING \(Self.categoryColumns)",
            binds
        ).first.map(Self.category(from:))
    }

    func deleteCategory(id: Int64) async throws -> Bool {
        !(try await self.rows("DELETE FROM \"categories\" WHERE \"id\" = ? RETURNING \"id\"", [.integer(Int(id))]).isEmpty)
    }

    private static func category(from row: SQLiteRow) throws -> Category {
        Category(
            id: try row.required("id"),
            title: try row.required("title"),
            weight: try row.required("weight"),
            createdAt: try row.required("created_at"),
            updatedAt: try row.required("updated_at")
        )
    }
}
