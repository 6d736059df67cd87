/// The path items and schemas of each resource of the spec.
extension OpenAPIDocument {
    func paths(of resource: ResourceDescription) -> [String: JSONValue] {
        let name = resource.typeName
        let notFound = Self.error("\(name) not found (also for a malformed id)")
        let bodyErrors: [String: JSONValue] = [
            "413": Self.error("Request body too large"),
            "415": Self.error("Content-Type must be application/json"),
            "422": Self.validationError,
        ]
        let collection = "\(self.prefix)/\(resource.pathSegment)"
        return [
            collection: [
                "get": self.operation(
                    "List \(resource.pathSegment), oldest first",
                    tag: resource.pathSegment,
                    parameters: Self.paginationParameters,
                    responses: Self.merge(
                        ["200": Self.arrayBody("A page of \(resource.pathSegment)", name), "422": Self.validationError],
                        Self.accessResponses(resource.access.list)
                    ),
                    security: resource.access.list
                ),
                "post": self.operation(
                    "Create a \(name.lowercased())",
                    tag: resource.pathSegment,
                    body: Self.jsonBody("\(name)Create"),
                    responses: Self.merge(
                        [
                            "201": [
                                "description": .string("The new \(name.lowercased())"),
                                "headers": ["Location": ["description": "Its URL", "schema": ["type": "string"]]],
                                "content": ["application/json": ["schema": Self.ref(name)]],
                            ]
                        ],
                        bodyErrors,
                        Self.accessResponses(resource.access.create)
                    ),
                    security: resource.access.create
                ),
            ],
            "\(collection)/{id}": [
                "get": self.operation(
                    "Read a \(name.lowercased())",
                    tag: resource.pathSegment,
                    parameters: [Self.idParameter],
                    responses: Self.merge(
                        ["200": Self.body("The \(name.lowercased())", name), "404": notFound],
                        Self.accessResponses(resource.access.read)
                    ),
                    security: resource.access.read
                ),
                "patch": self.operation(
                    "Change some fields of a \(name.lowercased())",
                    tag: resource.pathSegment,
                    parameters: [Self.idParameter],
                    body: Self.jsonBody("\(name)Update"),
                    responses: Self.merge(
                        ["200": Self.body("The updated \(name.lowercased())", name), "404": notFound],
                        bodyErrors,
                        Self.accessResponses(resource.access.update)
                    ),
                    security: resource.access.update
                ),
                "delete": self.operation(
                    "Delete a \(name.lowercased())",
                    tag: resource.pathSegment,
                    parameters: [Self.idParameter],
                    responses: Self.merge(
                        ["204": ["description": "Deleted"], "404": notFound],
                        Self.accessResponses(resource.access.delete)
                    ),
                    security: resource.access.delete
                ),
            ],
        ]
    }

    static func schemas(of resource: ResourceDescription) -> [String: JSONValue] {
        let name = resource.typeName
        var properties: [String: JSONValue] = ["id": ["type": "integer", "format": "int64"]]
        var required: [JSONValue] = ["id"]
        var createProperties: [String: JSONValue] = [:]
        var updateProperties: [String: JSONValue] = [:]
        var createRequired: [JSONValue] = []
        for field in resource.fields {
            let schema = Self.schema(of: field)
            properties[field.name] = schema
            required.append(.string(field.name))
            createProperties[field.name] = Self.withDefault(schema, field.defaultValue)
            if field.required {
                createRequired.append(.string(field.name))
            }
            updateProperties[field.name] = schema
        }
        if resource.owned {
            properties["author_id"] = resource.authorOptional
                ? ["type": ["integer", "null"], "format": "int64", "description": "The user who created it; null once they deleted their account"]
                : ["type": "integer", "format": "int64", "description": "The user who created it"]
            required.append("author_id")
        }
        properties["created_at"] = ["type": "string", "format": "date-time"]
        properties["updated_at"] = ["type": "string", "format": "date-time"]
        required += ["created_at", "updated_at"]
        return [
            name: ["type": "object", "properties": .object(properties), "required": .array(required)],
            "\(name)Create": ["type": "object", "properties": .object(createProperties), "required": .array(createRequired)],
            "\(name)Update": [
                "type": "object",
                "description": "Only the fields present change.",
                "properties": .object(updateProperties),
            ],
        ]
    }

    static func schema(of field: FieldDescription) -> JSONValue {
        var schema: [String: JSONValue]
        switch field.type {
        case .string(let maxLength), .text(let maxLength):
            schema = ["type": "string"]
            if let maxLength { schema["maxLength"] = .int(Int64(maxLength)) }
        case .int: schema = ["type": "integer", "format": "int64"]
        case .double: schema = ["type": "number", "format": "double"]
        case .bool: schema = ["type": "boolean"]
        case .date: schema = ["type": "string", "format": "date-time"]
        }
        if field.optional, case .string(let type)? = schema["type"] {
            schema["type"] = [.string(type), "null"]
        }
        return .object(schema)
    }

    static func withDefault(_ schema: JSONValue, _ defaultValue: JSONValue?) -> JSONValue {
        guard let defaultValue, case .object(var object) = schema else { return schema }
        object["default"] = defaultValue
        return .object(object)
    }
}
