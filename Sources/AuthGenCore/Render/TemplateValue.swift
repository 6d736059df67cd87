import Foundation

/// A JSON-shaped value: the bridge from the Codable `RenderContext` to what Mustache walks,
/// and to conditions in plugin manifests.
public indirect enum TemplateValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TemplateValue])
    case object([String: TemplateValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([TemplateValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: TemplateValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Converts any Encodable (the render context) into a value tree.
    public init<T: Encodable>(encoding value: T) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(TemplateValue.self, from: data)
    }

    /// The value at a dotted path such as `database.postgres`.
    public func value(at path: String) -> TemplateValue? {
        var current = self
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let members) = current, let next = members[String(component)] else { return nil }
            current = next
        }
        return current
    }

    /// Every dotted path in the tree that leads to a value, for "did you mean" hints.
    public var paths: [String] {
        guard case .object(let members) = self else { return [] }
        return members.keys.sorted().flatMap { key -> [String] in
            let child = members[key] ?? .null
            return [key] + child.paths.map { "\(key).\($0)" }
        }
    }

    /// This value with `other`'s members laid on top (for `for_each` scopes).
    public func overlaid(with other: TemplateValue) -> TemplateValue {
        guard case .object(var members) = self, case .object(let top) = other else { return other }
        members.merge(top) { _, new in new }
        return .object(members)
    }

    /// What swift-mustache renders: dictionaries, arrays and plain scalars.
    public var mustacheObject: Any {
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
