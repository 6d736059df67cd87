@testable import AuthGenCore
import Foundation
import Testing
import Yams

/// Issue 16 point 17: the JSON Schema editors use must never reject a spec that `validate` accepts. Every fixture and
/// example spec is checked against the schema (a small JSON Schema validator over the keywords the schema uses) and
/// compared with `validate`.
@Suite("Spec: the JSON Schema agrees with validate")
struct SpecSchemaAgreementTests {
    /// Every spec file of the repository's examples and test fixtures.
    static var specFiles: [URL] {
        let repository = SpecTestFiles.repository
        let folders = ["Examples", "Tests/Fixtures/specs", "Tests/AuthGenCoreTests/Fixtures/invalid-specs",
                       "Tests/AuthGenCoreTests/Fixtures/invalid-plugin-options"]
        return folders.flatMap { folder -> [URL] in
            let url = repository.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter { $0.hasSuffix(".yaml") }.sorted().map { url.appendingPathComponent($0) }
        }
    }

    /// Specs written here for keys with several spellings.
    static let inline: [String: String] = [
        "lockout-false": "version: 1\nproject: {name: a}\nauth:\n  lockout: false\n",
        "lockout-off": "version: 1\nproject: {name: a}\nauth:\n  lockout: off\n",
        "lockout-mapping": "version: 1\nproject: {name: a}\nauth:\n  lockout: {after: 5, for: 10m}\n",
        "unknown-key": "version: 1\nproject: {name: a}\nsurver: {}\n",
        "lockout-true": "version: 1\nproject: {name: a}\nauth:\n  lockout: true\n",
    ]

    @Test("every spec validate accepts is valid against the schema; the schema rejects what it can tell is wrong")
    func agreement() throws {
        let schema = try #require(Self.plain(SpecSchema.document) as? [String: Any])
        var texts: [(String, String)] = try Self.specFiles.map { ($0.lastPathComponent, try SpecTestFiles.text($0)) }
        texts += Self.inline.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var accepted = 0
        var disagreements: [String] = []
        var schemaErrors: [String: [String]] = [:]
        for (name, text) in texts {
            guard let node = try? Yams.compose(yaml: text) else { continue } // not YAML: no schema question
            let errors = MiniJSONSchema.errors(of: Self.json(node), against: schema)
            schemaErrors[name] = errors
            let valid = !SpecLoader.parse(text, file: name).diagnostics.hasErrors
            if valid {
                accepted += 1
                if !errors.isEmpty { disagreements.append("\(name): validate accepts it, the schema says \(errors)") }
            }
        }
        #expect(disagreements == [])
        #expect(accepted >= 5, "the examples and the inline specs are valid")
        #expect(schemaErrors["lockout-false"] == [])
        #expect(schemaErrors["unknown-key"]?.isEmpty == false)
        #expect(schemaErrors["lockout-true"]?.isEmpty == false)
    }

    /// A JSON value as plain Swift values (`Bool` stays apart from numbers).
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .null: NSNull()
        case .bool(let bool): bool
        case .int(let int): int
        case .double(let double): double
        case .string(let string): string
        case .array(let array): array.map(plain)
        case .object(let object): object.mapValues(plain)
        }
    }

    /// The YAML as a YAML 1.2 editor sees it: `true`/`false` are booleans, `on`/`off`/`yes`/`no` strings.
    static func json(_ node: Node) -> Any {
        switch node {
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping { object[key.string ?? "\(key)"] = json(value) }
            return object
        case .sequence(let sequence):
            return sequence.map(json)
        case .scalar, .alias:
            switch YAMLNodeKind(node) {
            case .integer(let value, _): return value
            case .number(let value, _): return value
            case .boolean(let value, let text):
                return ["true", "false"].contains(text.lowercased()) ? value : text
            case .null: return NSNull()
            case let kind: return kind.scalarText ?? ""
            }
        }
    }
}

/// The JSON Schema keywords `authgen schema` uses, checked the way draft 2020-12 defines them.
enum MiniJSONSchema {
    static func errors(of value: Any, against schema: [String: Any], at path: String = "$") -> [String] {
        var errors: [String] = []
        if let types = schema["type"].map({ ($0 as? [String]) ?? [$0 as? String ?? ""] }),
           !types.contains(where: { matches(value, type: $0) }) {
            return ["\(path): expected \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { equal($0, value) }) {
            errors.append("\(path): not one of \(allowed)")
        }
        if let const = schema["const"], !equal(const, value) { errors.append("\(path): not \(const)") }
        if let not = schema["not"] as? [String: Any], errorsOf(value, not, path).isEmpty {
            errors.append("\(path): matches a 'not' schema")
        }
        if let text = value as? String {
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                errors.append("\(path): does not match \(pattern)")
            }
            if let min = schema["minLength"] as? Int, text.count < min { errors.append("\(path): shorter than \(min)") }
            if let max = schema["maxLength"] as? Int, text.count > max { errors.append("\(path): longer than \(max)") }
        }
        if let number = numeric(value) {
            if let min = schema["minimum"].flatMap(numeric), number < min { errors.append("\(path): below \(min)") }
            if let max = schema["maximum"].flatMap(numeric), number > max { errors.append("\(path): above \(max)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in (schema["required"] as? [String] ?? []) where object[key] == nil {
                errors.append("\(path): '\(key)' is required")
            }
            if let min = schema["minProperties"] as? Int, object.count < min { errors.append("\(path): fewer than \(min) keys") }
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if let names = schema["propertyNames"] as? [String: Any] { errors += errorsOf(key, names, "\(path).\(key) (name)") }
                if let memberSchema = properties[key] as? [String: Any] {
                    errors += errorsOf(member, memberSchema, "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional as? Bool == false { errors.append("\(path): unknown key '\(key)'") }
                    if let additional = additional as? [String: Any] { errors += errorsOf(member, additional, "\(path).\(key)") }
                }
            }
        }
        if let list = value as? [Any] {
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in list.enumerated() { errors += errorsOf(item, items, "\(path)[\(index)]") }
            }
            if schema["uniqueItems"] as? Bool == true {
                for (index, item) in list.enumerated() where list[..<index].contains(where: { equal($0, item) }) {
                    errors.append("\(path)[\(index)]: repeated")
                }
            }
        }
        return errors
    }

    private static func errorsOf(_ value: Any, _ schema: [String: Any], _ path: String) -> [String] {
        errors(of: value, against: schema, at: path)
    }

    private static func isBool(_ value: Any) -> Bool {
        value is Bool
    }

    private static func numeric(_ value: Any) -> Double? {
        if isBool(value) { return nil }
        if let int = value as? Int { return Double(int) }
        if let double = value as? Double { return double }
        return nil
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "boolean": isBool(value)
        case "integer": numeric(value).map { $0.rounded() == $0 } ?? false
        case "number": numeric(value) != nil
        case "null": value is NSNull
        default: false
        }
    }

    private static func equal(_ a: Any, _ b: Any) -> Bool {
        if isBool(a) || isBool(b) { return isBool(a) && isBool(b) && (a as? Bool) == (b as? Bool) }
        if let x = numeric(a), let y = numeric(b) { return x == y }
        if let x = a as? String, let y = b as? String { return x == y }
        return false
    }
}
