/// The JSON Schema (draft 2020-12) of the spec, printed from the same key table the reader uses.
package enum SpecSchema {
    /// Pretty-printed with sorted keys and a final newline; the same on every run.
    package static func jsonSchema() -> String {
        document.rendered() + "\n"
    }

    /// The same, with `plugins` closed to the given plugins and each one's options typed, with enums and descriptions.
    package static func jsonSchema(plugins: [Plugin]) -> String {
        document(plugins: plugins).rendered() + "\n"
    }

    static var document: JSONValue {
        document(plugins: nil)
    }

    static func document(plugins: [Plugin]?) -> JSONValue {
        var root = objectSchema(SpecKeys.root)
        if let plugins, case .object(var properties)? = root["properties"], case .object(var schema)? = properties["plugins"] {
            var members: [String: JSONValue] = [:]
            for plugin in plugins {
                var pluginSchema = objectSchema(SpecPluginsDecoder.shape(of: plugin.manifest))
                pluginSchema["description"] = .string(
                    "Options of the \(plugin.manifest.kind.rawValue) plugin '\(plugin.name)'"
                    + (plugin.manifest.description.isEmpty ? "." : ": \(plugin.manifest.description)"))
                members[plugin.name] = .object(pluginSchema)
            }
            schema["properties"] = .object(members)
            schema["additionalProperties"] = .bool(false)
            properties["plugins"] = .object(schema)
            root["properties"] = .object(properties)
        }
        root["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        root["$id"] = .string("https://authgen.local/schemas/spec-v1.json")
        root["title"] = .string("authgen spec, version 1")
        root["description"] = .string("A YAML spec from which authgen generates an authentication server.")
        return .object(root)
    }

    private static func objectSchema(_ shape: SpecShape) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for key in shape.keys {
            var schema = typeSchema(key.type)
            schema["description"] = .string(key.description)
            if let defaultValue = key.defaultValue { schema["default"] = defaultValue }
            properties[key.name] = .object(schema)
        }
        var schema: [String: JSONValue] = [
            "type": .string("object"),
            "properties": .object(properties),
            "additionalProperties": .bool(false),
        ]
        let required = shape.keys.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }

    private static func typeSchema(_ type: SpecKeyType) -> [String: JSONValue] {
        switch type {
        case .string(let format, let nonEmpty):
            var schema: [String: JSONValue] = ["type": .string("string")]
            if nonEmpty { schema["minLength"] = .int(1) }
            if let format {
                schema["pattern"] = .string(format.pattern)
                if let maxLength = format.maxLength { schema["maxLength"] = .int(maxLength) }
            }
            return schema
        case .integer(let minimum, let maximum):
            var schema: [String: JSONValue] = ["type": .string("integer")]
            if let minimum { schema["minimum"] = .int(minimum) }
            if let maximum { schema["maximum"] = .int(maximum) }
            return schema
        case .boolean:
            return ["type": .string("boolean")]
        case .choice(let values):
            return ["type": .string("string"), "enum": .array(values.map(JSONValue.string))]
        case .list(let items, let unique):
            var schema: [String: JSONValue] = ["type": .string("array"), "items": .object(typeSchema(items))]
            if unique { schema["uniqueItems"] = .bool(true) }
            return schema
        case .object(let shape):
            return objectSchema(shape)
        case .objectOrOff(let shape):
            // An object of the shape, the string "off", or `false` (`pattern` applies to strings only, `properties` to
            // objects only; `not: {const: true}` leaves `false` as the only boolean).
            var schema = objectSchema(shape)
            schema["type"] = .array([.string("object"), .string("string"), .string("boolean")])
            schema["pattern"] = .string("^off$")
            schema["not"] = .object(["const": .bool(true)])
            return schema
        case .objectList(let shape):
            return ["type": .string("array"), "items": .object(objectSchema(shape))]
        case .namedObjects(let names, let reserved, let value, let minCount):
            var propertyNames: [String: JSONValue] = [
                "pattern": .string(names.pattern),
                "not": .object(["enum": .array(reserved.map(JSONValue.string))]),
            ]
            if let maxLength = names.maxLength { propertyNames["maxLength"] = .int(maxLength) }
            return [
                "type": .string("object"),
                "propertyNames": .object(propertyNames),
                "additionalProperties": .object(objectSchema(value)),
                "minProperties": .int(minCount),
            ]
        case .accessRule(let levels):
            let principal: [String: JSONValue] = ["type": .string("string"), "pattern": .string(SpecKeys.snakeName.pattern), "not": .object(["const": .string("public")])]
            return [
                "type": .array([.string("string"), .string("array")]),
                "oneOf": .array([
                    .object(["type": .string("string"), "enum": .array(levels.map(JSONValue.string))]),
                    .object(["type": .string("array"), "items": .object(principal), "minItems": .int(1), "uniqueItems": .bool(true)]),
                ])
            ]
        case .anyScalar:
            return ["type": .array(["string", "integer", "number", "boolean"].map(JSONValue.string))]
        case .pluginOptions:
            // Without the plugins at hand any object; `jsonSchema(plugins:)` lists each plugin's options.
            return ["type": .string("object")]
        }
    }
}
