import Foundation
import SQLiteNIO

extension SQLiteRepository: OrderRepository {
    private static let orderColumns =
        "\"id\", \"author_id\", \"from\", \"select\", \"group\", \"table\", \"user\", \"class\", \"default\", \"protocol\", \"self\", \"created_at\", \"updated_at\""

    func createOrder(_ item: NewOrder) async throws -> Order {
        let rows = try await self.rows(
            """
            INSERT INTO \"orders\" (\"author_id\", \"from\", \"select\", \"group\", \"table\", \"user\", \"class\", \"default\", \"protocol\", \"self\", \"created_at\", \"updated_at\")
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING \(Self.orderColumns)
            """,
            [
                .integer(Int(item.authorID)),
                item.from.sqliteData ?? .null,
                item.select.sqliteData ?? .null,
                item.group?.sqliteData ?? .null,
                item.table?.sqliteData ?? .null,
                item.user?.sqliteData ?? .null,
                item.classValue.sqliteData ?? .null,
                item.defaultValue?.sqliteData ?? .null,
                item.protocolValue?.sqliteData ?? .null,
                item.selfValue?.sqliteData ?? .null,
                .float(item.createdAt.timeIntervalSince1970),
                .float(item.createdAt.timeIntervalSince1970),
            ]
        )
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        return try Self.order(from: row)
    }

    func orders(limit: Int, offset: Int) async throws -> [Order] {
        try await self.rows(
            "SELECT \(Self.orderColumns) FROM \"orders\" ORDER BY \"id\" LIMIT ? OFFSET ?",
            [.integer(limit), .integer(offset)]
        ).map(Self.order(from:))
    }

    func orders(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Order] {
        try await self.rows(
            "SELECT \(Self.orderColumns) FROM \"orders\" WHERE \"author_id\" = ? AND \"id\" > ? ORDER BY \"id\" LIMIT ?",
            [.integer(Int(authorID)), .integer(Int(afterID)), .integer(limit)]
        ).map(Self.order(from:))
    }

    func order(id: Int64) async throws -> Order? {
        try await self.rows(
            "SELECT \(Self.orderColumns) FROM \"orders\" WHERE \"id\" = ?",
            [.integer(Int(id))]
        ).first.map(Self.order(from:))
    }

    func updateOrder(id: Int64, with changes: OrderChanges) async throws -> Order? {
        var assignments: [String] = []
        var binds: [SQLiteData] = []
        if let from = changes.from {
            assignments.append("\"from\" = ?")
            binds.append(from.sqliteData ?? .null)
        }
        if let select = changes.select {
            assignments.append("\"select\" = ?")
            binds.append(select.sqliteData ?? .null)
        }
        if let group = changes.group {
            assignments.append("\"group\" = ?")
            binds.append(group?.sqliteData ?? .null)
        }
        if let table = changes.table {
            assignments.append("\"table\" = ?")
            binds.append(table?.sqliteData ?? .null)
        }
        if let user = changes.user {
            assignments.append("\"user\" = ?")
            binds.append(user?.sqliteData ?? .null)
        }
        if let classValue = changes.classValue {
            assignments.append("\"class\" = ?")
            binds.append(classValue.sqliteData ?? .null)
        }
        if let defaultValue = changes.defaultValue {
            assignments.append("\"default\" = ?")
            binds.append(defaultValue?.sqliteData ?? .null)
        }
        if let protocolValue = changes.protocolValue {
            assignments.append("\"protocol\" = ?")
            binds.append(protocolValue?.sqliteData ?? .null)
        }
        if let selfValue = changes.selfValue {
            assignments.append("\"self\" = ?")
            binds.append(selfValue?.sqliteData ?? .null)
        }
        assignments.append("\"updated_at\" = ?")
        binds.append(.float(changes.updatedAt.timeIntervalSince1970))
        binds.append(.integer(Int(id)))
        return try await self.rows(
            "UPDATE \"orders\" SET \(assignments.joined(separator: ", ")) WHERE \"id\" = ? RETURNING \(Self.orderColumns)",
            binds
        ).first.map(Self.order(from:))
    }

    func deleteOrder(id: Int64) async throws -> Bool {
        !(try await self.rows("DELETE FROM \"orders\" WHERE \"id\" = ? RETURNING \"id\"", [.integer(Int(id))]).isEmpty)
    }

    private static func order(from row: SQLiteRow) throws -> Order {
        Order(
            id: try row.required("id"),
            authorID: try row.required("author_id"),
            from: try row.required("from"),
            select: try row.required("select"),
            group: row.optional("group"),
            table: row.optional("table"),
            user: row.optional("user"),
            classValue: try row.required("class"),
            defaultValue: row.optional("default"),
            protocolValue: row.optional("protocol"),
            selfValue: row.optional("self"),
            createdAt: try row.required("created_at"),
            updatedAt: try row.required("updated_at")
        )
    }
}
