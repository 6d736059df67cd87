import Foundation
import Yams

/// One entry of a plugin's `user_fields:`: a column the plugin adds to `users`, carried by the generated `User`, its
/// JSON (`/me`, the admin API, the OpenAPI `User` schema), and set by the repository method `set<Name>(_:userID:)`.
package struct PluginUserField: Sendable, Equatable {
    package enum ValueType: String, Sendable, Equatable, CaseIterable { case bool, int, string }

    /// The column and JSON key, lower snake case, e.g. `email_verified`.
    package var name: String
    package var type: ValueType
    /// The value of a user created from now on.
    package var defaultValue: JSONValue
    /// The value of the users present when the column is added (`existing:`); the default when not given.
    package var existing: JSONValue
    package var description: String
    package var location: SourceLocation
}

/// Reads `user_fields:` of a `plugin.yaml`, reporting every problem at its line and column.
struct PluginUserFieldsReader {
    static let keys = ["name", "type", "default", "existing", "description"]
    static let namePattern = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
    /// The columns `users` has, and the names of the Swift code next to a user's properties.
    static let reservedNames: Set<String> = [
        "id", "email", "username", "username_normalized", "full_name", "hashed_password", "password_hash", "password",
        "is_active", "is_superuser", "created_at", "updated_at", "user", "users", "row", "rows", "value", "values", "hash",
        "container", "encoder", "decoder", "coding_keys",
    ]

    private var list: ManifestListReader
    var problems: [Diagnostic] { list.problems }

    init(file: String) {
        self.list = ManifestListReader(file: file, list: "user_fields", keys: Self.keys, shape: "name, type, default and description")
    }

    private func place(_ node: Node) -> SourceLocation {
        list.place(node)
    }

    private mutating func error(_ message: String, at node: Node) {
        list.error(message, at: node)
    }

    mutating func read(_ node: Node) -> [PluginUserField] {
        var fields: [PluginUserField] = []
        for item in list.entries(of: node) {
            guard let field = readField(item) else { continue }
            if let first = fields.first(where: { $0.name == field.name }) {
                error("user field '\(field.name)' is declared twice (first at \(first.location.line):\(first.location.column)); keep one", at: item)
                continue
            }
            fields.append(field)
        }
        return fields
    }

    private mutating func readField(_ item: Node) -> PluginUserField? {
        guard let members = list.members(of: item) else { return nil }
        var valid = true
        var name = ""
        if let node = members["name"] {
            name = node.scalar?.string ?? ""
            let property = Naming.variableName(name)
            if !SpecScalarReader.matches(name, Self.namePattern) || name.count > 40 {
                error("user field name '\(YAMLNodeKind.shortened(name))' is not valid; use lower snake case, at most 40 characters, e.g. email_verified", at: node)
                valid = false
            } else if Self.reservedNames.contains(name) || SpecKeys.swiftKeywords.contains(property) {
                error("user field name '\(name)' is taken by the server's users or by Swift; choose another, e.g. one starting with the plugin's name", at: node)
                valid = false
            }
        } else {
            error("user_fields entry needs 'name'", at: item)
            valid = false
        }
        var type: PluginUserField.ValueType?
        if let node = members["type"] {
            type = node.scalar.flatMap { PluginUserField.ValueType(rawValue: $0.string) }
            if type == nil {
                error("user field type '\(YAMLNodeKind.shortened(node.scalar?.string ?? ""))' is unknown; use \(PluginUserField.ValueType.allCases.map(\.rawValue).joined(separator: ", "))", at: node)
                valid = false
            }
        } else {
            error("user_fields entry needs 'type'", at: item)
            valid = false
        }
        var description = ""
        if let node = members["description"], let text = node.scalar?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty,
           !text.contains("\n") {
            description = text
        } else {
            error("user field '\(name)' needs a 'description': one line (it is printed in the OpenAPI document)", at: members["description"] ?? item)
            valid = false
        }
        var defaultValue: JSONValue?
        var existing: JSONValue?
        if let type {
            if let node = members["default"] {
                defaultValue = value(node, as: type)
                if defaultValue == nil { error("default must be \(type == .int ? "an" : "a") \(type.rawValue)", at: node); valid = false }
            } else {
                error("user field '\(name)' needs a 'default': the value of a user created from now on", at: item)
                valid = false
            }
            if let node = members["existing"] {
                existing = value(node, as: type)
                if existing == nil { error("existing must be \(type == .int ? "an" : "a") \(type.rawValue)", at: node); valid = false }
            }
        }
        guard valid, let type, let defaultValue else { return nil }
        return PluginUserField(
            name: name, type: type, defaultValue: defaultValue, existing: existing ?? defaultValue,
            description: description, location: place(item))
    }

    private func value(_ node: Node, as type: PluginUserField.ValueType) -> JSONValue? {
        guard let scalar = node.scalar else { return nil }
        switch type {
        case .int: return Int.construct(from: scalar).map(JSONValue.int)
        case .bool: return Bool.construct(from: scalar).map(JSONValue.bool)
        case .string:
            // A plain true or 12 is not text: quote it.
            if Int.construct(from: scalar) != nil || Bool.construct(from: scalar) != nil, scalar.style == .plain { return nil }
            return .string(scalar.string)
        }
    }
}
