import Foundation
import Hummingbird

/// The fields of a JSON object body, read one by one so that every bad field is reported together.
/// An invalid or missing field yields its rule's placeholder; `finish()` then refuses the request.
struct BodyReader {
    private let object: [String: JSONValue]
    private(set) var issues: [ValidationIssue] = []

    init(object: [String: JSONValue]) {
        self.object = object
    }

    /// A required field: missing or null is an error.
    mutating func value<Value>(_ key: String, _ rule: FieldRule<Value>) -> Value {
        guard let json = self.object[key] else {
            self.issues.append(ValidationIssue(loc: ["body", key], msg: "Field required", type: "missing"))
            return rule.placeholder
        }
        return self.parse(key, json, rule) ?? rule.placeholder
    }

    /// A field with a default: missing takes the default, null is an error.
    mutating func value<Value>(_ key: String, _ rule: FieldRule<Value>, default defaultValue: Value) -> Value {
        guard let json = self.object[key] else { return defaultValue }
        return self.parse(key, json, rule) ?? rule.placeholder
    }

    /// An optional field: missing takes the default (nil unless given), null is nil.
    mutating func optionalValue<Value>(_ key: String, _ rule: FieldRule<Value>, default defaultValue: Value? = nil) -> Value? {
        guard let json = self.object[key] else { return defaultValue }
        if json == .null { return nil }
        return self.parse(key, json, rule)
    }

    /// A change to a required field: nil when the body leaves it out.
    mutating func change<Value>(_ key: String, _ rule: FieldRule<Value>) -> Value? {
        guard let json = self.object[key] else { return nil }
        return self.parse(key, json, rule)
    }

    /// A change to an optional field: nil when left out, `.some(nil)` to clear it.
    mutating func optionalChange<Value>(_ key: String, _ rule: FieldRule<Value>) -> Value?? {
        guard let json = self.object[key] else { return nil }
        if json == .null { return .some(nil) }
        guard let value = self.parse(key, json, rule) else { return nil }
        return .some(value)
    }

    /// Throws the 422 listing every problem found, if any.
    func finish() throws {
        if !self.issues.isEmpty { throw RequestValidationError(issues: self.issues) }
    }

    private mutating func parse<Value>(_ key: String, _ json: JSONValue, _ rule: FieldRule<Value>) -> Value? {
        switch rule.parse(json) {
        case .success(let value):
            return value
        case .failure(let problem):
            self.issues.append(ValidationIssue(loc: ["body", key], msg: problem.msg, type: problem.type))
            return nil
        }
    }
}

extension Request {
    /// Reads a JSON object body and builds `T` from it with `read`; 415, 413 or 422 when that fails.
    func readJSONObject<T>(context: AppRequestContext, _ read: (inout BodyReader) -> T) async throws -> T {
        guard self.hasJSONBody else {
            throw APIError(status: .unsupportedMediaType, detail: "Content-Type must be application/json")
        }
        let body = try await self.collectLimitedBody(context: context)
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))
        } catch {
            throw RequestValidationError(issues: [ValidationIssue(loc: ["body"], msg: "JSON decode error", type: "json_invalid")])
        }
        guard case .object(let object) = json else {
            throw RequestValidationError(
                issues: [ValidationIssue(loc: ["body"], msg: "Input should be a valid dictionary or object", type: "model_attributes_type")]
            )
        }
        var reader = BodyReader(object: object)
        let value = read(&reader)
        try reader.finish()
        return value
    }

    /// `limit` (1...100, default 20) and `offset` (0 or more, default 0) from the query.
    func pagination() throws -> Pagination {
        var issues: [ValidationIssue] = []
        func read(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
            guard let text = self.uri.queryParameters.get(name) else { return defaultValue }
            guard let value = Int(text) else {
                issues.append(
                    ValidationIssue(loc: ["query", name], msg: "Input should be a valid integer, unable to parse string as an integer", type: "int_parsing")
                )
                return defaultValue
            }
            if value < range.lowerBound {
                issues.append(
                    ValidationIssue(loc: ["query", name], msg: "Input should be greater than or equal to \(range.lowerBound)", type: "greater_than_equal")
                )
            } else if value > range.upperBound {
                issues.append(
                    ValidationIssue(loc: ["query", name], msg: "Input should be less than or equal to \(range.upperBound)", type: "less_than_equal")
                )
            }
            return value
        }
        let limit = read("limit", default: Pagination.defaultLimit, in: 1...Pagination.maxLimit)
        let offset = read("offset", default: 0, in: 0...Int(Int32.max))
        if !issues.isEmpty { throw RequestValidationError(issues: issues) }
        return Pagination(limit: limit, offset: offset)
    }
}

struct Pagination: Sendable, Equatable {
    static let defaultLimit = 20
    static let maxLimit = 100

    let limit: Int
    let offset: Int
}

extension Parameters {
    /// The `{id}` of an item route: a positive integer, or nil for anything else (answered as 404).
    var itemID: Int64? {
        guard let text = self.get("id"), let id = Int64(text), id > 0 else { return nil }
        return id
    }
}
