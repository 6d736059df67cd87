import SQLiteNIO

extension SQLiteRepository: ExtensionDatabase {
    func execute(_ statement: ExtensionStatement, _ values: [ExtensionValue]) async throws -> [ExtensionRow] {
        defer {
            if statement.writesUsersOrSessions { self.activeSessions.invalidateAll() }
        }
        let binds = values.map { value -> SQLiteData in
            switch value {
            case .text(let text): .text(text)
            case .integer(let integer): .integer(SQLiteInt64(integer))
            case .double(let double): .float(double)
            case .date(let date): .float(date.timeIntervalSince1970)
            case .null: .null
            }
        }
        return try await self.rows(statement.sqlite, binds).map { row in
            var result: ExtensionRow = [:]
            for column in row.columns {
                switch column.data {
                case .integer(let integer): result[column.name] = .integer(Int64(integer))
                case .float(let double): result[column.name] = .double(double)
                case .text(let text): result[column.name] = .text(text)
                case .blob, .null: result[column.name] = .null
                }
            }
            return result
        }
    }

    /// The one connection runs one statement at a time, each in its own transaction.
    func execute(_ statement: ExtensionStatement, _ values: [ExtensionValue], oneAtATimeForUser userID: Int64) async throws -> [ExtensionRow] {
        try await self.execute(statement, values)
    }
}
