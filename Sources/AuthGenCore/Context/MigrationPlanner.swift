import Foundation

/// The resource migrations generated so far and the schema they produce, kept in the generation manifest
/// (key `migrations`) so that the next generation only appends: an applied migration is never edited.
package struct MigrationHistory: Codable, Sendable, Equatable {
    package var migrations: [Record]
    /// Resource name → the table the migrations above produce.
    package var schema: [String: Table]

    package init(migrations: [Record] = [], schema: [String: Table] = [:]) {
        self.migrations = migrations
        self.schema = schema
    }

    package enum Kind: String, Codable, Sendable, Equatable {
        case createTable = "create_table"
        case addColumn = "add_column"
        case dropColumn = "drop_column"
        case dropTable = "drop_table"
        /// The owner column of an owned table changes what a user's deletion does to its rows (`account.on_delete`).
        case changeAuthorOnDelete = "change_author_on_delete"
    }

    /// One migration: recorded by `name` in the server's `schema_migrations`; one SQL statement per string.
    package struct Record: Codable, Sendable, Equatable {
        package var name: String
        package var resource: String
        package var kind: Kind
        /// One line for the doc comment of the generated migration.
        package var summary: String
        package var sqlite: [String]
        package var postgres: [String]

        package init(name: String, resource: String, kind: Kind, summary: String, sqlite: [String], postgres: [String]) {
            self.name = name
            self.resource = resource
            self.kind = kind
            self.summary = summary
            self.sqlite = sqlite
            self.postgres = postgres
        }
    }

    package struct Table: Codable, Sendable, Equatable {
        package var owned: Bool
        /// In column order.
        package var fields: [Column]
        /// `anonymize` when `author_id` is nullable with ON DELETE SET NULL; nil for the NOT NULL … ON DELETE CASCADE
        /// column every owned table had before `account.on_delete` existed (so older manifests read the same).
        package var authorOnDelete: Spec.Account.OnDelete?

        package init(owned: Bool, fields: [Column], authorOnDelete: Spec.Account.OnDelete? = nil) {
            self.owned = owned
            self.fields = fields
            self.authorOnDelete = owned && authorOnDelete == .anonymize ? .anonymize : nil
        }

        private enum CodingKeys: String, CodingKey {
            case owned, fields
            case authorOnDelete = "author_on_delete"
        }

        /// What the owner column does when its user is deleted.
        var ownerRule: Spec.Account.OnDelete { authorOnDelete ?? .cascade }
    }

    package struct Column: Codable, Sendable, Equatable {
        package var name: String
        package var type: Spec.Resource.Field.FieldType
        package var maxLength: Int?
        package var optional: Bool
        /// The spec default as JSON (`false`, `"draft"`, `3`); nil without one.
        package var defaultValue: JSONValue?

        package init(name: String, type: Spec.Resource.Field.FieldType, maxLength: Int? = nil, optional: Bool = false,
                    defaultValue: JSONValue? = nil) {
            self.name = name
            self.type = type
            self.maxLength = maxLength
            self.optional = optional
            self.defaultValue = defaultValue
        }

        private enum CodingKeys: String, CodingKey {
            case name, type, optional
            case maxLength = "max_length"
            case defaultValue = "default"
        }

        /// A text field's max_length is checked by the server only (the column stays TEXT), so it is not part of the column.
        init(_ field: Spec.Resource.Field) {
            self.init(name: field.name, type: field.type, maxLength: field.type == .string ? field.maxLength : nil, optional: field.optional,
                      defaultValue: field.defaultValue.map(Self.json))
        }

        static func json(_ value: Spec.Resource.DefaultValue) -> JSONValue {
            switch value {
            case .string(let string): .string(string)
            case .int(let int): .int(int)
            case .double(let double): .double(double)
            case .bool(let bool): .bool(bool)
            }
        }
    }

    /// The manifest's JSON for the history (keys sorted by the printer, so deterministic).
    var jsonValue: JSONValue {
        .object([
            "migrations": .array(migrations.map { record in
                .object([
                    "name": .string(record.name),
                    "resource": .string(record.resource),
                    "kind": .string(record.kind.rawValue),
                    "summary": .string(record.summary),
                    "sqlite": .array(record.sqlite.map { .string($0) }),
                    "postgres": .array(record.postgres.map { .string($0) }),
                ])
            }),
            "schema": .object(schema.mapValues { table in
                var object: [String: JSONValue] = [
                    "owned": .bool(table.owned),
                    "fields": .array(table.fields.map { column in
                        var object: [String: JSONValue] = [
                            "name": .string(column.name),
                            "type": .string(column.type.rawValue),
                            "optional": .bool(column.optional),
                        ]
                        if let maxLength = column.maxLength { object["max_length"] = .int(maxLength) }
                        if let value = column.defaultValue { object["default"] = value }
                        return .object(object)
                    }),
                ]
                if let rule = table.authorOnDelete { object["author_on_delete"] = .string(rule.rawValue) }
                return .object(object)
            }),
        ])
    }
}

/// The migration planner: compares the schema the previous migrations produced with the spec and appends the
/// migrations that bring a deployed database from one to the other. Pure: no file is read or written.
package enum MigrationPlanner {
    /// - Parameters:
    ///   - previous: the history of the last generation; nil on a first generation (or a manifest written before histories).
    ///   - locations: where the spec's resources and fields stand (from the spec stage), for diagnostics.
    /// - Returns: the new history (the previous migrations unchanged, new ones appended), or every error found.
    package static func plan(previous: MigrationHistory?, spec: Spec, allowDestructive: Bool,
                            locations: SpecLocations = SpecLocations(file: "spec")) -> Result<MigrationHistory, DiagnosticsError> {
        var history = previous ?? MigrationHistory()
        var diagnostics: [Diagnostic] = []
        let locate = locations
        var names = Set(history.migrations.map(\.name))

        func append(_ base: String, resource: String, kind: MigrationHistory.Kind, summary: String, sqlite: [String], postgres: [String]) {
            var name = base
            var suffix = 2
            while names.contains(name) {
                name = "\(base)_\(suffix)"
                suffix += 1
            }
            names.insert(name)
            history.migrations.append(.init(name: name, resource: resource, kind: kind, summary: summary, sqlite: sqlite, postgres: postgres))
        }

        let onDelete = spec.authorOnDelete
        let specNames = Set(spec.resources.map(\.name))
        // Removed resources first (in the order of the previous schema's names), so a table dropped and created again
        // under the same name works.
        for (name, table) in history.schema.sorted(by: { $0.key < $1.key }) where !specNames.contains(name) {
            let tableName = Naming.plural(name)
            guard allowDestructive else {
                diagnostics.append(.error(
                    "resource '\(name)' was removed from the spec: its table '\(tableName)' and every row in it "
                        + "(columns: \(table.fields.map(\.name).joined(separator: ", "))) would be dropped from deployed "
                        + "databases. Run again with --allow-destructive to generate the dropping migration, or put the resource back",
                    at: locate.resources()))
                continue
            }
            append("drop_\(tableName)", resource: name, kind: .dropTable,
                   summary: "Drops the `\(tableName)` table and every row in it (resource `\(name)` left the spec).",
                   sqlite: ["DROP TABLE \(q(tableName))"], postgres: ["DROP TABLE \(q(tableName))"])
            history.schema[name] = nil
        }

        for resource in spec.resources {
            let tableName = Naming.plural(resource.name)
            guard let table = history.schema[resource.name] else {
                let author = onDelete == .anonymize ? "its author (set to null when the user is deleted)" : "its author (deleted with the user)"
                append("create_\(tableName)", resource: resource.name, kind: .createTable,
                       summary: "The `\(tableName)` table" + (resource.owned ? ", with \(author) and an index on it." : "."),
                       sqlite: createStatements(resource, tableName: tableName, postgres: false, onDelete: onDelete),
                       postgres: createStatements(resource, tableName: tableName, postgres: true, onDelete: onDelete))
                history.schema[resource.name] = .init(owned: resource.owned, fields: resource.fields.map(MigrationHistory.Column.init),
                                                      authorOnDelete: onDelete)
                continue
            }
            var errors: [Diagnostic] = []
            if table.owned != resource.owned {
                errors.append(.error(
                    "resource '\(resource.name)': changing 'owned' of an existing table is not supported by migrations "
                        + "(the author column of '\(tableName)' would change); add a new resource instead",
                    at: locate.resource(resource.name)))
            }
            let specFields = Dictionary(uniqueKeysWithValues: resource.fields.map { ($0.name, $0) })
            for column in table.fields {
                guard let field = specFields[column.name] else { continue }
                let new = MigrationHistory.Column(field)
                if new.type != column.type || new.maxLength != column.maxLength || new.optional != column.optional {
                    errors.append(.error(
                        "resource '\(resource.name)', field '\(field.name)': changing a field's type (was \(describe(column)), "
                            + "now \(describe(new))) is not supported by migrations; add a new field with the new type instead",
                        at: locate.field(field.name, of: resource.name)))
                }
            }
            let removed = table.fields.filter { specFields[$0.name] == nil }
            let deletesAuthorless = table.owned && resource.owned && table.ownerRule == .anonymize && onDelete == .cascade
            if deletesAuthorless && !allowDestructive {
                errors.append(.error(
                    "account.on_delete: cascade: the table '\(tableName)' keeps the \(Naming.plural(resource.name)) of deleted users "
                        + "with no author (author_id null), and cascade needs every row to have one: those rows would be "
                        + "deleted from deployed databases. Run again with --allow-destructive to generate the migration that "
                        + "deletes them and makes author_id required again, or keep on_delete: anonymize",
                    at: locate.onDelete()))
            }
            if !removed.isEmpty && !allowDestructive {
                for column in removed {
                    errors.append(.error(
                        "resource '\(resource.name)', field '\(column.name)' was removed from the spec: the column "
                            + "'\(tableName).\(column.name)' and its data would be dropped from deployed databases. "
                            + "Run again with --allow-destructive to generate the dropping migration, or put the field back",
                        at: locate.resource(resource.name)))
                }
            }
            let known = Set(table.fields.map(\.name))
            let added = resource.fields.filter { !known.contains($0.name) }
            for field in added where !field.optional && field.defaultValue == nil {
                errors.append(.error(
                    "resource '\(resource.name)', field '\(field.name)': a required field without a default cannot be "
                        + "added to the existing table '\(tableName)' (its rows would have no value); give it a default "
                        + "(default: …) or make it optional (optional: true)",
                    at: locate.field(field.name, of: resource.name)))
            }
            if !errors.isEmpty {
                diagnostics += errors
                continue
            }
            var columns = table.fields
            for column in removed {
                append("drop_\(column.name)_from_\(tableName)", resource: resource.name, kind: .dropColumn,
                       summary: "Drops `\(column.name)` and its data from `\(tableName)`.",
                       sqlite: ["ALTER TABLE \(q(tableName)) DROP COLUMN \(q(column.name))"],
                       postgres: ["ALTER TABLE \(q(tableName)) DROP COLUMN \(q(column.name))"])
                columns.removeAll { $0.name == column.name }
            }
            for field in added {
                append("add_\(field.name)_to_\(tableName)", resource: resource.name, kind: .addColumn,
                       summary: "Adds `\(field.name)` to `\(tableName)`.",
                       sqlite: [addColumn(field, tableName: tableName, postgres: false)],
                       postgres: [addColumn(field, tableName: tableName, postgres: true)])
                columns.append(.init(field))
            }
            // Defaults live in the server's code, so a changed default needs no migration: only the snapshot follows.
            columns = columns.map { column in specFields[column.name].map(MigrationHistory.Column.init) ?? column }
            if table.owned && table.ownerRule != onDelete {
                let anonymize = onDelete == .anonymize
                append((anonymize ? "keep_\(tableName)_of_deleted_users" : "delete_\(tableName)_with_their_users"),
                       resource: resource.name, kind: .changeAuthorOnDelete,
                       summary: anonymize
                           ? "Keeps `\(tableName)` when their author is deleted: `author_id` becomes nullable, ON DELETE SET NULL."
                           : "Deletes `\(tableName)` with their author again: rows without an author are deleted, `author_id` becomes NOT NULL, ON DELETE CASCADE.",
                       sqlite: rebuildStatements(columns, tableName: tableName, onDelete: onDelete),
                       postgres: alterAuthorStatements(tableName: tableName, onDelete: onDelete))
            }
            history.schema[resource.name] = .init(owned: table.owned, fields: columns, authorOnDelete: onDelete)
        }
        if !diagnostics.isEmpty { return .failure(DiagnosticsError(diagnostics)) }
        return .success(history)
    }

    // MARK: - SQL

    /// Every identifier is quoted (`"order"`, `"from"`): a spec name that SQL reserves still makes a valid statement.
    private static func q(_ name: String) -> String { Naming.sqlIdentifier(name) }

    /// The table of a new resource with its owner column and indexes.
    static func createStatements(_ resource: Spec.Resource, tableName: String, postgres: Bool,
                                 onDelete: Spec.Account.OnDelete = .cascade) -> [String] {
        createStatements(tableName: tableName, owned: resource.owned, fields: resource.fields, postgres: postgres, onDelete: onDelete)
    }

    /// `createAs`: the rebuild of an existing table, created under that name and without indexes (they come after the rename).
    private static func createStatements(tableName: String, owned: Bool, fields: [Spec.Resource.Field], postgres: Bool,
                                         onDelete: Spec.Account.OnDelete, createAs: String? = nil) -> [String] {
        var lines = [postgres ? "    \"id\" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY," : "    \"id\" INTEGER PRIMARY KEY AUTOINCREMENT,"]
        if owned {
            let rule = onDelete == .anonymize ? "REFERENCES \"users\" (\"id\") ON DELETE SET NULL" : "NOT NULL REFERENCES \"users\" (\"id\") ON DELETE CASCADE"
            lines.append("    \"author_id\" \(postgres ? "BIGINT" : "INTEGER") \(rule),")
        }
        for field in fields {
            lines.append("    \(q(field.name)) \(columnType(field, postgres: postgres))\(field.optional ? "" : " NOT NULL"),")
        }
        lines.append(postgres ? "    \"created_at\" TIMESTAMPTZ NOT NULL," : "    \"created_at\" REAL NOT NULL,")
        lines.append(postgres ? "    \"updated_at\" TIMESTAMPTZ NOT NULL" : "    \"updated_at\" REAL NOT NULL")
        let create = "CREATE TABLE \(q(createAs ?? tableName)) (\n" + lines.joined(separator: "\n") + "\n)"
        if createAs != nil { return [create] }
        let table = q(tableName)
        var statements = [create]
        if owned { statements.append("CREATE INDEX \(q(tableName + "_author_id")) ON \(table) (\"author_id\")") }
        statements.append("CREATE INDEX \(q(tableName + "_created_at")) ON \(table) (\"created_at\")")
        return statements
    }

    /// SQLite cannot change a column's NOT NULL or foreign key in place: the owned table is rebuilt inside the
    /// migration's transaction (foreign keys stay on: every copied author exists, and no table references a resource
    /// table, so dropping the old one deletes nothing elsewhere), under a new name that then takes
    /// the old one, its AUTOINCREMENT counter carried over so deleted ids are not handed out again, its indexes made
    /// again. Going back to cascade leaves out the rows without an author.
    static func rebuildStatements(_ columns: [MigrationHistory.Column], tableName: String, onDelete: Spec.Account.OnDelete) -> [String] {
        let fields = columns.map { Spec.Resource.Field(name: $0.name, type: $0.type, maxLength: $0.maxLength, optional: $0.optional) }
        let rebuilt = tableName + "_rebuilt"
        let names = (["id", "author_id"] + columns.map(\.name) + ["created_at", "updated_at"]).map(q).joined(separator: ", ")
        let table = q(tableName)
        var statements = createStatements(tableName: tableName, owned: true, fields: fields, postgres: false, onDelete: onDelete, createAs: rebuilt)
        statements.append("INSERT INTO \(q(rebuilt)) (\(names)) SELECT \(names) FROM \(table)"
            + (onDelete == .cascade ? " WHERE \"author_id\" IS NOT NULL" : ""))
        statements.append("DELETE FROM \"sqlite_sequence\" WHERE \"name\" = '\(rebuilt)'")
        statements.append("INSERT INTO \"sqlite_sequence\" (\"name\", \"seq\") SELECT '\(rebuilt)', \"seq\" FROM \"sqlite_sequence\" WHERE \"name\" = '\(tableName)'")
        statements.append("DROP TABLE \(table)")
        statements.append("ALTER TABLE \(q(rebuilt)) RENAME TO \(table)")
        statements.append("CREATE INDEX \(q(tableName + "_author_id")) ON \(table) (\"author_id\")")
        statements.append("CREATE INDEX \(q(tableName + "_created_at")) ON \(table) (\"created_at\")")
        return statements
    }

    /// PostgreSQL changes the column and replaces its foreign key (the name PostgreSQL gave the inline REFERENCES).
    static func alterAuthorStatements(tableName: String, onDelete: Spec.Account.OnDelete) -> [String] {
        let table = q(tableName)
        let constraint = q(tableName + "_author_id_fkey")
        var statements: [String] = []
        if onDelete == .cascade { statements.append("DELETE FROM \(table) WHERE \"author_id\" IS NULL") }
        statements.append("ALTER TABLE \(table) ALTER COLUMN \"author_id\" \(onDelete == .anonymize ? "DROP" : "SET") NOT NULL")
        statements.append("ALTER TABLE \(table) DROP CONSTRAINT \(constraint)")
        statements.append("ALTER TABLE \(table) ADD CONSTRAINT \(constraint) FOREIGN KEY (\"author_id\") REFERENCES \"users\" (\"id\") "
            + (onDelete == .anonymize ? "ON DELETE SET NULL" : "ON DELETE CASCADE"))
        return statements
    }

    /// `ALTER TABLE … ADD COLUMN`: nullable when optional, else `NOT NULL DEFAULT <the spec default>` so existing rows get it.
    static func addColumn(_ field: Spec.Resource.Field, tableName: String, postgres: Bool) -> String {
        var sql = "ALTER TABLE \(q(tableName)) ADD COLUMN \(q(field.name)) \(columnType(field, postgres: postgres))"
        if !field.optional { sql += " NOT NULL" }
        if let value = field.defaultValue { sql += " DEFAULT \(sqlLiteral(value, type: field.type, postgres: postgres))" }
        return sql
    }

    static func columnType(_ field: Spec.Resource.Field, postgres: Bool) -> String {
        let types = ColumnTypes.of(field)
        return postgres ? types.postgres : types.sqlite
    }

    /// A default as SQL, stored the way the server stores the type (booleans 0/1 and dates as seconds in SQLite).
    static func sqlLiteral(_ value: Spec.Resource.DefaultValue, type: Spec.Resource.Field.FieldType, postgres: Bool) -> String {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        switch value {
        case .bool(let bool): return postgres ? (bool ? "TRUE" : "FALSE") : (bool ? "1" : "0")
        case .int(let int): return String(int)
        case .double(let double): return String(double)
        case .string(let string):
            if type == .date, let date = SpecDate.parse(string) {
                return postgres ? quoted(SpecDate.iso8601(date)) : SpecDate.secondsText(date)
            }
            return quoted(string)
        }
    }

    private static func describe(_ column: MigrationHistory.Column) -> String {
        column.type.rawValue + (column.maxLength.map { "(max_length \($0))" } ?? "") + (column.optional ? ", optional" : "")
    }
}
