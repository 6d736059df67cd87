import Foundation
import PostgresNIO

extension PostgresRepository: ProductRepository {
    private static let productColumns =
        "\"id\", \"author_id\", \"headline\", \"body\", \"stock\", \"price\", \"featured\", \"available_from\", \"label\", \"discontinued_at\", \"where\", \"created_at\", \"updated_at\""

    func createProduct(_ item: NewProduct) async throws -> Product {
        let rows = try await self.database.query(
            """
            INSERT INTO \"products\" (\"author_id\", \"headline\", \"body\", \"stock\", \"price\", \"featured\", \"available_from\", \"label\", \"discontinued_at\", \"where\", \"created_at\", \"updated_at\")
            VALUES (\(item.authorID), \(item.headline), \(item.bodyValue), \(item.stock), \(item.price), \(item.featured), \(item.availableFrom), \(item.label), \(item.discontinuedAt), \(item.whereValue), \(item.createdAt), \(item.createdAt))
            RETURNING \(unescaped: Self.productColumns)
            """
        )
        guard let created = try Self.products(from: rows).first else { throw RepositoryError.noRowReturned }
        return created
    }

    func products(limit: Int, offset: Int) async throws -> [Product] {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.productColumns) FROM \"products\" ORDER BY \"id\" LIMIT \(limit) OFFSET \(offset)"
        )
        return try Self.products(from: rows)
    }

    func products(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Product] {
        let rows = try await self.database.query(
            """
            SELECT \(unescaped: Self.productColumns) FROM \"products\"
            WHERE \"author_id\" = \(authorID) AND \"id\" > \(afterID) ORDER BY \"id\" LIMIT \(limit)
            """
        )
        return try Self.products(from: rows)
    }

    func product(id: Int64) async throws -> Product? {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.productColumns) FROM \"products\" WHERE \"id\" = \(id)"
        )
        return try Self.products(from: rows).first
    }

    func updateProduct(id: Int64, with changes: ProductChanges) async throws -> Product? {
        var assignments: [String] = []
        var binds = PostgresBindings()
        if let headline = changes.headline {
            binds.append(headline)
            assignments.append("\"headline\" = $\(binds.count)")
        }
        if let bodyValue = changes.bodyValue {
            binds.append(bodyValue)
            assignments.append("\"body\" = $\(binds.count)")
        }
        if let stock = changes.stock {
            binds.append(stock)
            assignments.append("\"stock\" = $\(binds.count)")
        }
        if let price = changes.price {
            binds.append(price)
            assignments.append("\"price\" = $\(binds.count)")
        }
        if let featured = changes.featured {
            binds.append(featured)
            assignments.append("\"featured\" = $\(binds.count)")
        }
        if let availableFrom = changes.availableFrom {
            binds.append(availableFrom)
            assignments.append("\"available_from\" = $\(binds.count)")
        }
        if let label = changes.label {
            binds.append(label)
            assignments.append("\"label\" = $\(binds.count)")
        }
        if let discontinuedAt = changes.discontinuedAt {
            binds.append(discontinuedAt)
            assignments.append("\"discontinued_at\" = $\(binds.count)")
        }
        if let whereValue = changes.whereValue {
            binds.append(whereValue)
            assignments.append("\"where\" = $\(binds.count)")
        }
        binds.append(changes.updatedAt)
        assignments.append("\"updated_at\" = $\(binds.count)")
        binds.append(id)
        let sql = "UPDATE \"products\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = $\(binds.count) RETURNING \(Self.productColumns)"
        let rows = try await self.database.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        return try Self.products(from: rows).first
    }

    func deleteProduct(id: Int64) async throws -> Bool {
        let rows = try await self.database.query("DELETE FROM \"products\" WHERE \"id\" = \(id) RETURNING \"id\"")
        return !rows.isEmpty
    }

    private static func products(from rows: [PostgresRow]) throws -> [Product] {
        var items: [Product] = []
        for row in rows {
            let (id, authorID, headline, bodyValue, stock, price, featured, availableFrom, label, discontinuedAt, whereValue, createdAt, updatedAt) = try row.decode(
                (Int64, Int64, String, String?, Int, Double?, Bool, Date, String?, Date?, String?, Date, Date).self
            )
            items.append(
                Product(
                    id: id,
                    authorID: authorID,
                    headline: headline,
                    bodyValue: bodyValue,
                    stock: stock,
                    price: price,
                    featured: featured,
                    availableFrom: availableFrom,
                    label: label,
                    discontinuedAt: discontinuedAt,
                    whereValue: whereValue,
                    createdAt: createdAt,
                    updatedAt: updatedAt
                )
            )
        }
        return items
    }
}
