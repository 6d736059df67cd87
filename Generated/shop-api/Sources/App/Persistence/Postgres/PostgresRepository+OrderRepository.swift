import Foundation
import PostgresNIO

extension PostgresRepository: OrderRepository {
    private static let orderColumns =
        "\"id\", \"author_id\", \"from\", \"select\", \"group\", \"table\", \"user\", \"class\", \"default\", \"protocol\", \"self\", \"created_at\", \"updated_at\""

    func createOrder(_ item: NewOrder) async throws -> Order {
        let rows = try await self.database.query(
            """
            INSERT INTO \"orders\" (\"author_id\", \"from\", \"select\", \"group\", \"table\", \"user\", \"class\", \"default\", \"protocol\", \"self\", \"created_at\", \"updated_at\")
            VALUES (\(item.authorID), \(item.from), \(item.select), \(item.group), \(item.table), \(item.user), \(item.classValue), \(item.defaultValue), \(item.protocolValue), \(item.selfValue), \(item.createdAt), \(item.createdAt))
            RETURNING \(unescaped: Self.orderColumns)
            """
        )
        guard let created = try Self.orders(from: rows).first else { throw RepositoryError.noRowReturned }
        return created
    }

    func orders(limit: Int, offset: Int) async throws -> [Order] {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.orderColumns) FROM \"orders\" ORDER BY \"id\" LIMIT \(limit) OFFSET \(offset)"
        )
        return try Self.orders(from: rows)
    }

    func orders(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Order] {
        let rows = try await self.database.query(
            """
            SELECT \(unescaped: Self.orderColumns) FROM \"orders\"
            WHERE \"author_id\" = \(authorID) AND \"id\" > \(afterID) ORDER BY \"id\" LIMIT \(limit)
            """
        )
        return try Self.orders(from: rows)
    }

    func order(id: Int64) async throws -> Order? {
        let rows = try await self.database.query(
            "SELECT \(unescaped: Self.orderColumns) FROM \"orders\" WHERE \"id\" = \(id)"
        )
        return try Self.orders(from: rows).first
    }

    func updateOrder(id: Int64, with changes: OrderChanges) async throws -> Order? {
        var assignments: [String] = []
        var binds = PostgresBindings()
        if let from = changes.from {
            binds.append(from)
            assignments.append("\"from\" = $\(binds.count)")
        }
        if let select = changes.select {
            binds.append(select)
            assignments.append("\"select\" = $\(binds.count)")
        }
        if let group = changes.group {
            binds.append(group)
            assignments.append("\"group\" = $\(binds.count)")
        }
        if let table = changes.table {
            binds.append(table)
            assignments.append("\"table\" = $\(binds.count)")
        }
        if let user = changes.user {
            binds.append(user)
            assignments.append("\"user\" = $\(binds.count)")
        }
        if let classValue = changes.classValue {
            binds.append(classValue)
            assignments.append("\"class\" = $\(binds.count)")
        }
        if let defaultValue = changes.defaultValue {
            binds.append(defaultValue)
            assignments.append("\"default\" = $\(binds.count)")
        }
        if let protocolValue = changes.protocolValue {
            binds.append(protocolValue)
            assignments.append("\"protocol\" = $\(binds.count)")
        }
        if let selfValue = changes.selfValue {
            binds.append(selfValue)
            assignments.append("\"self\" = $\(binds.count)")
        }
        binds.append(changes.updatedAt)
        assignments.append("\"updated_at\" = $\(binds.count)")
        binds.append(id)
        let sql = "UPDATE \"orders\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = $\(binds.count) RETURNING \(Self.orderColumns)"
        let rows = try await self.database.query(PostgresQuery(unsafeSQL: sql, binds: binds))
        return try Self.orders(from: rows).first
    }

    func deleteOrder(id: Int64) async throws -> Bool {
        let rows = try await self.database.query("DELETE FROM \"orders\" WHERE \"id\" = \(id) RETURNING \"id\"")
        return !rows.isEmpty
    }

    private static func orders(from rows: [PostgresRow]) throws -> [Order] {
        var items: [Order] = []
        for row in rows {
            let (id, authorID, from, select, group, table, user, classValue, defaultValue, protocolValue, selfValue, createdAt, updatedAt) = try row.decode(
                (Int64, Int64, String, Bool, Int?, String?, String?, String, Double?, Date?, String?, Date, Date).self
            )
            items.append(
                Order(
                    id: id,
                    authorID: authorID,
                    from: from,
                    select: select,
                    group: group,
                    table: table,
                    user: user,
                    classValue: classValue,
                    defaultValue: defaultValue,
                    protocolValue: protocolValue,
                    selfValue: selfValue,
                    createdAt: createdAt,
                    updatedAt: updatedAt
                )
            )
        }
        return items
    }
}
