@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: JSON Schema")
struct SpecSchemaTests {
    private func parsedSchema() throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: Data(SpecSchema.jsonSchema().utf8))
        return try #require(json as? [String: Any])
    }

    @Test("the schema is valid JSON, draft 2020-12, closed at the top level")
    func validJSON() throws {
        let schema = try parsedSchema()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["type"] as? String == "object")
        #expect(schema["additionalProperties"] as? Bool == false)
        #expect((schema["required"] as? [String]) == ["version", "project"])
    }

    @Test("the schema is deterministic, with sorted keys")
    func deterministic() {
        let first = SpecSchema.jsonSchema()
        #expect(first == SpecSchema.jsonSchema())
        #expect(first.hasSuffix("}\n"))
        // Sorted keys: at the top level "$id" comes before "$schema", "additionalProperties" before "description".
        let top = first.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { String($0.dropFirst(3).prefix { $0 != "\"" }) }
        #expect(top == top.sorted())
    }

    @Test("every object in the schema is closed and every property has a type and a description")
    func everyKeyDocumented() throws {
        var problems: [String] = []
        walk(try parsedSchema(), path: "") { path, schema in
            if schema["properties"] != nil, schema["additionalProperties"] as? Bool != false { problems.append("\(path): not closed") }
        } property: { path, schema in
            if schema["type"] == nil { problems.append("\(path): no type") }
            if (schema["description"] as? String ?? "").isEmpty { problems.append("\(path): no description") }
        }
        #expect(problems == [])
    }

    @Test("the keys the schema lists are exactly the keys the reader accepts")
    func schemaAndReaderAgree() throws {
        var schemaPaths: Set<String> = []
        walk(try parsedSchema(), path: "") { _, _ in } property: { path, _ in schemaPaths.insert(path) }
        let sink = SpecDiagnostics(file: "blog.yaml")
        // The blog example has every section, a resource, fields and access: the reader asks for every key it knows.
        var blog = try SpecTestFiles.text(SpecTestFiles.example("blog.yaml"))
        // Every key of `email` too, whether or not the example sends mail.
        if !blog.contains("\nemail:") { blog += "\nemail: {from: a@b.co, password_reset: {ttl: 30m}}\n" }
        let result = SpecLoader.parse(blog, into: sink)
        #expect(result.spec != nil)
        #expect(sink.undeclaredReads == [])
        #expect(sink.readPaths.subtracting(schemaPaths).sorted() == [], "read by the reader, missing from the schema")
        #expect(schemaPaths.subtracting(sink.readPaths).sorted() == [], "in the schema, never read by the reader")
        #expect(schemaPaths.count > 40)
    }

    @Test("a spec holding every key of the schema, with the schema's defaults, loads without diagnostics to the model's defaults")
    func schemaDefaultsMatchModelDefaults() throws {
        let samples: [String: Any] = [
            "version": 1, "project.name": "sample-app", "database.sqlite_path": "data/sample-app.sqlite",
            "auth.jwt.issuer": "sample-app", "auth.jwt.audience": "sample-app-clients",
            "resources[].name": "note", "resources[].fields.*.type": "string",
            "resources[].fields.*.max_length": 100, "resources[].fields.*.default": "untitled",
            "email.from": "no-reply@example.com", "roles.*.description": "Sample role",
            // No schema default (it follows the algorithm); false is what HS256, the default, means.
            "auth.jwt.jwks": false,
        ]
        var missing: [String] = []
        let document = instance(of: try parsedSchema(), path: "", samples: samples, missing: &missing)
        #expect(missing == [])
        let text = String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        let result = SpecLoader.parse(text, file: "full.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        var expected = Spec(
            project: .init(name: "sample-app"),
            resources: [.init(name: "note", fields: [.init(name: "sample", type: .string, maxLength: 100, defaultValue: .string("untitled"))])],
            docker: .init())
        expected.email = Spec.Email(from: "no-reply@example.com")
        expected.account = Spec.Account()
        expected.auth.jwt.jwks = false
        expected.roles = [.init(name: "sample", description: "Sample role")]
        #expect(result.spec == expected)
    }

    // MARK: Helpers

    /// Visits every object schema and every property, with its dotted path in the reader's notation.
    private func walk(_ schema: [String: Any], path: String, object: (String, [String: Any]) -> Void, property: (String, [String: Any]) -> Void) {
        object(path, schema)
        if let properties = schema["properties"] as? [String: Any] {
            for (name, value) in properties {
                guard let child = value as? [String: Any] else { continue }
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                property(childPath, child)
                walk(child, path: childPath, object: object, property: property)
            }
        }
        if let items = schema["items"] as? [String: Any], items["properties"] != nil {
            walk(items, path: "\(path)[]", object: object, property: property)
        }
        if let values = schema["additionalProperties"] as? [String: Any] {
            walk(values, path: "\(path).*", object: object, property: property)
        }
    }

    /// A JSON instance holding every key: the default where the schema has one, else a sample.
    private func instance(of schema: [String: Any], path: String, samples: [String: Any], missing: inout [String]) -> Any {
        if let sample = samples[path] { return sample }
        if let properties = schema["properties"] as? [String: Any] {
            var result: [String: Any] = [:]
            for (name, value) in properties {
                guard let child = value as? [String: Any] else { continue }
                result[name] = instance(of: child, path: path.isEmpty ? name : "\(path).\(name)", samples: samples, missing: &missing)
            }
            return result
        }
        if let items = schema["items"] as? [String: Any], items["properties"] != nil {
            return [instance(of: items, path: "\(path)[]", samples: samples, missing: &missing)]
        }
        if let values = schema["additionalProperties"] as? [String: Any] {
            return ["sample": instance(of: values, path: "\(path).*", samples: samples, missing: &missing)]
        }
        if let defaultValue = schema["default"] { return defaultValue }
        missing.append(path)
        return NSNull()
    }
}
