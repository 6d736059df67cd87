import Foundation
import PostgresNIO

extension PostgresRepository: ExtensionDatabase {
    func execute(_ statement: ExtensionStatement, _ values: [ExtensionValue]) async throws -> [ExtensionRow] {
        defer {
            if statement.writesUsersOrSessions { self.activeSessions.invalidateAll() }
        }
        return try Self.rows(of: try await self.database.query(Self.query(statement, values)))
    }

    /// `FOR NO KEY UPDATE` waits for every other such lock of the row, and lets others insert rows that refer to it.
    /// The statement after it reads a snapshot taken once the lock is held (READ COMMITTED).
    func execute(_ statement: ExtensionStatement, _ values: [ExtensionValue], oneAtATimeForUser userID: Int64) async throws -> [ExtensionRow] {
        defer {
            if statement.writesUsersOrSessions { self.activeSessions.invalidateAll() }
        }
        return try await self.database.client.withTransaction(logger: self.logger) { connection in
            let user = try await connection.query(
                "SELECT id FROM users WHERE id = \(userID) FOR NO KEY UPDATE", logger: self.logger
            ).collect()
            guard !user.isEmpty else { return [] }
            return try Self.rows(of: try await connection.query(Self.query(statement, values), logger: self.logger).collect())
        }
    }

    private static func query(_ statement: ExtensionStatement, _ values: [ExtensionValue]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let text): binds.append(text)
            case .integer(let integer): binds.append(integer)
            case .double(let double): binds.append(double)
            case .date(let date): binds.append(date)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: statement.postgres, binds: binds)
    }

    private static func rows(of rows: [PostgresRow]) throws -> [ExtensionRow] {
        var result: [ExtensionRow] = []
        for row in rows {
            var values: ExtensionRow = [:]
            for cell in row {
                values[cell.columnName] = try Self.extensionValue(of: cell)
            }
            result.append(values)
        }
        return result
    }

    private static func extensionValue(of cell: PostgresCell) throws -> ExtensionValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .timestamp, .timestamptz, .date: return .date(try cell.decode(Date.self))
        default: return .text(try cell.decode(String.self))
        }
    }
}
