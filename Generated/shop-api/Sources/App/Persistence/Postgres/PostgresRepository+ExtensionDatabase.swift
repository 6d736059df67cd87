import Foundation
import PostgresNIO

extension PostgresRepository: ExtensionDatabase {
    func execute(_ statement: ExtensionStatement, _ values: [ExtensionValue]) async throws -> [ExtensionRow] {
        defer {
            if statement.writesUsersOrSessions { self.activeSessions.invalidateAll() }
        }
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
        let rows = try await self.database.query(PostgresQuery(unsafeSQL: statement.postgres, binds: binds))
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
