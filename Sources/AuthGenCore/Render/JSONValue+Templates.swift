import Foundation

/// What templates need of a JSON value: the render context as a tree, dotted-path lookup for conditions
/// in plugin manifests, and what Mustache walks.
extension JSONValue {
    /// Converts any Encodable (the render context) into a value tree.
    package init<T: Encodable>(encoding value: T) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// The value at a dotted path such as `database.postgres`.
    package func value(at path: String) -> JSONValue? {
        var current = self
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let members) = current, let next = members[String(component)] else { return nil }
            current = next
        }
        return current
    }

    /// Every dotted path in the tree that leads to a value, for "did you mean" hints.
    package var paths: [String] {
        guard case .object(let members) = self else { return [] }
        return members.keys.sorted().flatMap { key -> [String] in
            let child = members[key] ?? .null
            return [key] + child.paths.map { "\(key).\($0)" }
        }
    }

    /// This value with `other`'s members laid on top (for `for_each` scopes).
    package func overlaid(with other: JSONValue) -> JSONValue {
        guard case .object(var members) = self, case .object(let top) = other else { return other }
        members.merge(top) { _, new in new }
        return .object(members)
    }

    /// What swift-mustache renders: dictionaries, arrays and plain scalars.
    package var mustacheObject: Any {
        switch self {
        case .null: return ""
        case .bool(let value): return value
        case .int(let value): return value
        case .double(let value): return value
        case .string(let value): return value
        case .array(let values): return values.map(\.mustacheObject)
        case .object(let members): return members.mapValues(\.mustacheObject)
        }
    }
}
