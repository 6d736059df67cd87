import SQLiteNIO

extension SQLiteRow {
    /// The column's value; throws when it is missing, NULL or of another type.
    func required<Value: SQLiteDataConvertible>(_ column: String) throws -> Value {
        guard let data = self.column(column), let value = Value(sqliteData: data) else {
            throw RepositoryError.unreadableColumn(column)
        }
        return value
    }

    /// The column's value, nil when NULL.
    func optional<Value: SQLiteDataConvertible>(_ column: String) -> Value? {
        self.column(column).flatMap(Value.init(sqliteData:))
    }
}
