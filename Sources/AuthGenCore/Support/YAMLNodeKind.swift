import Foundation
import Yams

/// What a YAML node holds, for type checks and for "found a string 'abc'" in messages.
enum YAMLNodeKind: Equatable {
    case string(String)
    case integer(Int, text: String)
    case number(Double, text: String)
    case boolean(Bool, text: String)
    /// A YAML timestamp such as 2024-01-31, kept as written.
    case timestamp(String)
    case null
    case mapping
    case list

    init(_ node: Node) {
        switch node {
        case .mapping:
            self = .mapping
        case .sequence:
            self = .list
        case .scalar(let scalar):
            self = YAMLNodeKind.scalar(scalar: scalar, tag: node.tag.rawValue)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one carries no value.
            self = .null
        }
    }

    private static func scalar(scalar: Node.Scalar, tag: String) -> YAMLNodeKind {
        let text = scalar.string
        switch tag {
        case Tag.Name.int.rawValue:
            if let value = Int.construct(from: scalar) { return .integer(value, text: text) }
            // Too large for an integer.
            return .number(Double(text) ?? .infinity, text: text)
        case Tag.Name.float.rawValue:
            if let value = Double.construct(from: scalar) { return .number(value, text: text) }
            return .string(text)
        case Tag.Name.bool.rawValue:
            if let value = Bool.construct(from: scalar) { return .boolean(value, text: text) }
            return .string(text)
        case Tag.Name.null.rawValue:
            return .null
        case Tag.Name.timestamp.rawValue:
            return .timestamp(text)
        default:
            return .string(text)
        }
    }

    /// "a string 'abc'", "an integer 5", "a mapping", ...
    var found: String {
        switch self {
        case .string(let text): "a string '\(YAMLNodeKind.shortened(text))'"
        case .integer(_, let text): "an integer \(text)"
        case .number(_, let text): "a number \(text)"
        case .boolean(_, let text): "a boolean \(text)"
        case .timestamp(let text): "a date \(text)"
        case .null: "an empty value"
        case .mapping: "a mapping"
        case .list: "a list"
        }
    }

    /// The scalar as written, or nil for mappings, lists and null.
    var scalarText: String? {
        switch self {
        case .string(let text), .timestamp(let text): text
        case .integer(_, let text), .number(_, let text), .boolean(_, let text): text
        case .null, .mapping, .list: nil
        }
    }

    static func shortened(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\n", with: "\\n")
        return oneLine.count > 40 ? String(oneLine.prefix(37)) + "..." : oneLine
    }
}
