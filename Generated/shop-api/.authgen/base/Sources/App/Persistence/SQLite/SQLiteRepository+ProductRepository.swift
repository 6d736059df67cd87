import Foundation
import SQLiteNIO

extension SQLiteRepository: ProductRepository {
    private static let productColumns =
        "\"id\", \"author_id\", \"headline\", \"body\", \"stock\", \"price\", \"featured\", \"available_from\", \"label\", \"discontinued_at\", \"where\", \"created_at\", \"updated_at\""

    func createProduct(_ item: NewProduct) async throws -> Product {
        let rows = try await self.rows(
            """
            INSERT INTO \"products\" (\"author_id\", \"headline\", \"body\", \"stock\", \"price\", \"featured\", \"available_from\", \"label\", \"discontinued_at\", \"where\", \"created_at\", \"updated_at\")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING \(Self.productColumns)
            """,
            [
                .integer(Int(item.authorID)),
                item.headline.sqliteData ?? .null,
                item.bodyValue?.sqliteData ?? .null,
                item.stock.sqliteData ?? .null,
                item.price?.sqliteData ?? .null,
                item.featured.sqliteData ?? .null,
                item.availableFrom.sqliteData ?? .null,
                item.label?.sqliteData ?? .null,
                item.discontinuedAt?.sqliteData ?? .null,
                item.whereValue?.sqliteData ?? .null,
                .float(item.createdAt.timeIntervalSince1970),
                .float(item.createdAt.timeIntervalSince1970),
            ]
        )
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        return try Self.product(from: row)
    }

    func products(limit: Int, offset: Int) async throws -> [Product] {
        try await self.rows(
            "SELECT \(Self.productColumns) FROM \"products\" ORDER BY \"id\" LIMIT ? OFFSET ?",
            [.integer(limit), .integer(offset)]
        ).map(Self.product(from:))
    }

    func products(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Product] {
        try await self.rows(
            "SELECT \(Self.productColumns) FROM \"products\" WHERE \"author_id\" = ? AND \"id\" > ? ORDER BY \"id\" LIMIT ?",
            [.integer(Int(authorID)), .integer(Int(afterID)), .integer(limit)]
        ).map(Self.product(from:))
    }

    func product(id: Int64) async throws -> Product? {
        try await self.rows(
            "SELECT \(Self.productColumns) FROM \"products\" WHERE \"id\" = ?",
            [.integer(Int(id))]
        ).first.map(Self.product(from:))
    }

    func updateProduct(id: Int64, with changes: ProductChanges) async throws -> Product? {
        var assignments: [String] = []
        var binds: [SQLiteData] = []
        if let headline = changes.headline {
            assignments.append("\"headline\" = ?")
            binds.append(headline.sqliteData ?? .null)
        }
        if let bodyValue = changes.bodyValue {
            assignments.append("\"body\" = ?")
            binds.append(bodyValue?.sqliteData ?? .null)
        }
        if let stock = changes.stock {
            assignments.append("\"stock\" = ?")
            binds.append(stock.sqliteData ?? .null)
        }
        if let price = changes.price {
            assignments.append("\"price\" = ?")
            binds.append(price?.sqliteData ?? .null)
        }
        if let featured = changes.featured {
            assignments.append("\"featured\" = ?")
            binds.append(featured.sqliteData ?? .null)
        }
        if let availableFrom = changes.availableFrom {
            assignments.append("\"available_from\" = ?")
            binds.append(availableFrom.sqliteData ?? .null)
        }
        if let label = changes.label {
            assignments.append("\"label\" = ?")
            binds.append(label?.sqliteData ?? .null)
        }
        if let discontinuedAt = changes.discontinuedAt {
            assignments.append("\"discontinued_at\" = ?")
            binds.append(discontinuedAt?.sqliteData ?? .null)
        }
        if let whereValue = changes.whereValue {
            assignments.append("\"where\" = ?")
            binds.append(whereValue?.sqliteData ?? .null)
        }
        assignments.append("\"updated_at\" = ?")
        binds.append(.float(changes.updatedAt.timeIntervalSince1970))
        binds.append(.integer(Int(id)))
        return try await self.rows(
            "UPDATE \"products\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = ? RETURNING \(Self.productColumns)",
            binds
        ).first.map(Self.product(from:))
    }

    func deleteProduct(id: Int64) async throws -> Bool {
        !(try await self.rows("DELETE FROM \"products\" WHERE \"id\" = ? RETURNING \"id\"", [.integer(Int(id))]).isEmpty)
    }

    private static func product(from row: SQLiteRow) throws -> Product {
        Product(
            id: try row.required("id"),
            authorID: try row.required("author_id"),
            headline: try row.required("headline"),
            bodyValue: row.optional("body"),
            stock: try row.required("stock"),
            price: row.optional("price"),
            featured: try row.required("featured"),
            availableFrom: try row.required("available_from"),
            label: row.optional("label"),
            discontinuedAt: row.optional("discontinued_at"),
            whereValue: row.optional("where"),
            createdAt: try row.required("created_at"),
            updatedAt: try row.required("updated_at")
        )
    }
}
