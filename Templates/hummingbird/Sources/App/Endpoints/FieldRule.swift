import Foundation

/// The kinds of resource fields, as the spec names them.
enum FieldType: Sendable, Equatable {
    case string(maxLength: Int?)
    case text(maxLength: Int?)
    case int
    case double
    case bool
    case date
}

/// How one JSON value becomes a field value, or the problem that stops it.
struct FieldRule<Value: Sendable>: Sendable {
    let type: FieldType
    /// Stands in for an invalid value until the request is refused.
    let placeholder: Value
    let parse: @Sendable (JSONValue) -> Result<Value, FieldProblem>
}

struct FieldProblem: Error, Equatable {
    let msg: String
    let type: String

    static func expected(_ what: String, type: String) -> FieldProblem {
        FieldProblem(msg: "Input should be \(what)", type: type)
    }
}

extension FieldRule where Value == String {
    static func string(maxLength: Int?) -> FieldRule {
        FieldRule(type: .string(maxLength: maxLength), placeholder: "") { json in Self.parse(json, maxLength: maxLength) }
    }

    static func text(maxLength: Int?) -> FieldRule {
        FieldRule(type: .text(maxLength: maxLength), placeholder: "") { json in Self.parse(json, maxLength: maxLength) }
    }

    private static func parse(_ json: JSONValue, maxLength: Int?) -> Result<String, FieldProblem> {
        guard case .string(let text) = json else { return .failure(.expected("a valid string", type: "string_type")) }
        // Counted in Unicode scalars, as PostgreSQL counts VARCHAR characters.
        if let maxLength, text.unicodeScalars.count > maxLength {
            return .failure(FieldProblem(msg: "String should have at most \(maxLength) characters", type: "string_too_long"))
        }
        return Self.withoutNUL(text)
    }

    /// PostgreSQL cannot store U+0000 in text.
    private static func withoutNUL(_ text: String) -> Result<String, FieldProblem> {
        text.unicodeScalars.contains("\u{0}")
            ? .failure(FieldProblem(msg: "String should not contain NUL characters", type: "string_pattern_mismatch"))
            : .success(text)
    }
}

extension FieldRule where Value == Int {
    static var int: FieldRule {
        FieldRule(type: .int, placeholder: 0) { json in
            switch json {
            case .int(let value):
                return .success(Int(value))
            case .double(let value) where value.rounded() == value:
                return .failure(FieldProblem(msg: "Input should be a valid integer, unable to parse number as an integer", type: "int_parsing"))
            case .double:
                return .failure(
                    FieldProblem(msg: "Input should be a valid integer, got a number with a fractional part", type: "int_from_float")
                )
            default:
                return .failure(.expected("a valid integer", type: "int_type"))
            }
        }
    }
}

extension FieldRule where Value == Double {
    static var double: FieldRule {
        FieldRule(type: .double, placeholder: 0) { json in
            switch json {
            case .int(let value): .success(Double(value))
            case .double(let value) where value.isFinite: .success(value)
            default: .failure(.expected("a valid number", type: "float_type"))
            }
        }
    }
}

extension FieldRule where Value == Bool {
    static var bool: FieldRule {
        FieldRule(type: .bool, placeholder: false) { json in
            guard case .bool(let value) = json else { return .failure(.expected("a valid boolean", type: "bool_type")) }
            return .success(value)
        }
    }
}

extension FieldRule where Value == Date {
    /// ISO 8601: `2024-01-31T12:00:00Z` (an offset instead of `Z`, fractional seconds allowed) or `2024-01-31` (midnight UTC).
    static var date: FieldRule {
        FieldRule(type: .date, placeholder: Date(timeIntervalSince1970: 0)) { json in
            guard case .string(let text) = json else { return .failure(.expected("a valid datetime", type: "datetime_type")) }
            guard let date = DateParsing.date(from: text) else {
                return .failure(.expected("a valid datetime, such as 2024-01-31T12:00:00Z", type: "datetime_parsing"))
            }
            return .success(date)
        }
    }
}

enum DateParsing {
    static func date(from text: String) -> Date? {
        if text.count == 10 {
            return try? Date(text, strategy: .iso8601.year().month().day())
        }
        return (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
