/// The columns enabled plugins add to `users` (`user_fields:`), in every form the framework's templates print them.
extension RenderContext {
    package struct UserField: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("plugin", "The plugin that adds it, e.g. `email-verification`."),
            .string("name", "The column and JSON key, e.g. `email_verified`."),
            .string("propertyName", "The property of `User` and `UserResponse`, e.g. `emailVerified`."),
            .string("typeName", "The name in upper camel case, e.g. `EmailVerified`: the setter is `set<typeName>(_:userID:)`."),
            .string("columnSQL", "The column as a quoted SQL identifier inside a Swift string literal: `\\\"email_verified\\\"`."),
            .string("swiftType", "`Bool`, `Int` or `String`."),
            .string("swiftDefault", "The value of a new user, as a Swift literal."),
            .string("descriptionLiteral", "The description as a Swift string literal (the OpenAPI `description`)."),
            .string("openAPIType", "`boolean`, `integer` or `string`."),
            .string("sqliteInsertValue", "The `SQLiteData` of `user.<property>` for an insert."),
            .string("sqliteSetValue", "The `SQLiteData` of `value` for the setter."),
            .string("sqliteRead", "The SQLite row's value as the Swift type, optional: `row.column(\"email_verified\")?.bool`."),
            .string("migrationName", "Recorded in `schema_migrations`: `<plugin>_add_<name>_to_users`."),
            .string("migrationIdentifier", "The Swift name of the migration's `static let`."),
            .string("sqliteAddColumn", "The SQLite statement adding the column (existing users get `existing`), as a Swift string literal."),
            .string("postgresAddColumn", "The PostgreSQL statement adding the column (existing users get `existing`), as a Swift string literal."),
            .string("postgresSetDefault", "The PostgreSQL statement making `default` the column's default, as a Swift string literal."),
            .bool("last", "The last field of the list."),
        ]

        package var plugin: String
        package var name: String
        package var propertyName: String
        package var typeName: String
        package var columnSQL: String
        package var swiftType: String
        package var swiftDefault: String
        package var descriptionLiteral: String
        package var openAPIType: String
        package var sqliteInsertValue: String
        package var sqliteSetValue: String
        package var sqliteRead: String
        package var migrationName: String
        package var migrationIdentifier: String
        package var sqliteAddColumn: String
        package var postgresAddColumn: String
        package var postgresSetDefault: String
        package var last: Bool
    }
}

extension ContextBuilder {
    /// The `user_fields` of `plugins` (enabled, in render order). A name two plugins add is an error at the second.
    package static func userFields(of plugins: [Plugin]) throws(DiagnosticsError) -> [RenderContext.UserField] {
        var result: [RenderContext.UserField] = []
        var first: [String: (plugin: String, location: SourceLocation)] = [:]
        var problems: [Diagnostic] = []
        for plugin in plugins {
            for field in plugin.manifest.userFields {
                if let earlier = first[field.name] {
                    problems.append(.error(
                        "user field '\(field.name)' is also added by plugin '\(earlier.plugin)' (\(earlier.location.file):\(earlier.location.line):\(earlier.location.column)); rename one",
                        at: field.location))
                    continue
                }
                first[field.name] = (plugin.name, field.location)
                result.append(userField(field, plugin: plugin.name))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        if !result.isEmpty { result[result.count - 1].last = true }
        return result
    }

    static func userField(_ field: PluginUserField, plugin: String) -> RenderContext.UserField {
        let property = Naming.variableName(field.name)
        let column = Naming.sqlIdentifier(field.name)
        let migration = plugin.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_") + "_add_\(field.name)_to_users"
        func sql(_ value: JSONValue, postgres: Bool) -> String {
            switch value {
            case .bool(let flag): postgres ? (flag ? "TRUE" : "FALSE") : (flag ? "1" : "0")
            case .int(let number): String(number)
            case .string(let text): "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            default: "NULL"
            }
        }
        let swiftDefault: String = switch field.defaultValue {
        case .bool(let flag): String(flag)
        case .int(let number): String(number)
        case .string(let text): Naming.swiftLiteral(text)
        default: "nil"
        }
        let (sqliteType, postgresType, swiftType, openAPIType): (String, String, String, String) = switch field.type {
        case .bool: ("INTEGER", "BOOLEAN", "Bool", "boolean")
        case .int: ("INTEGER", "BIGINT", "Int", "integer")
        case .string: ("TEXT", "TEXT", "String", "string")
        }
        func data(_ expression: String) -> String {
            switch field.type {
            case .bool: ".integer(\(expression) ? 1 : 0)"
            case .int: ".integer(\(expression))"
            case .string: ".text(\(expression))"
            }
        }
        let read: String = switch field.type {
        case .bool: "row.column(\"\(field.name)\")?.bool"
        case .int: "row.column(\"\(field.name)\")?.integer"
        case .string: "row.column(\"\(field.name)\")?.string"
        }
        return .init(
            plugin: plugin,
            name: field.name,
            propertyName: property,
            typeName: Naming.typeName(field.name),
            columnSQL: Naming.sqlIdentifierInSwiftString(field.name),
            swiftType: swiftType,
            swiftDefault: swiftDefault,
            descriptionLiteral: Naming.swiftLiteral(field.description),
            openAPIType: openAPIType,
            sqliteInsertValue: data("user.\(property)"),
            sqliteSetValue: data("value"),
            sqliteRead: read,
            migrationName: migration,
            migrationIdentifier: Naming.variableName(migration),
            sqliteAddColumn: Naming.swiftLiteral(
                "ALTER TABLE users ADD COLUMN \(column) \(sqliteType) NOT NULL DEFAULT \(sql(field.existing, postgres: false))"),
            postgresAddColumn: Naming.swiftLiteral(
                "ALTER TABLE users ADD COLUMN \(column) \(postgresType) NOT NULL DEFAULT \(sql(field.existing, postgres: true))"),
            postgresSetDefault: Naming.swiftLiteral(
                "ALTER TABLE users ALTER COLUMN \(column) SET DEFAULT \(sql(field.defaultValue, postgres: true))"),
            last: false)
    }
}
