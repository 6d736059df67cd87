/// The pieces path items are made of: operations, answers, parameters and bodies.
extension OpenAPIDocument {
    /// The FastAPI guide's `?refresh_token=`, described only where `auth.compat.refresh_token_in_query` keeps it.
    static let refreshTokenQueryParameter: JSONValue = [
        "name": "refresh_token", "in": "query", "required": false,
        "description": "The refresh token, when it is not in the body (kept for the FastAPI guide's clients)",
        "schema": ["type": "string"],
    ]

    /// `plainHTTP`: reachable without HTTPS in production (health checks); every other operation answers 403 there
    /// to a request that did not arrive over HTTPS.
    func operation(
        _ summary: String,
        tag: String,
        parameters: [JSONValue] = [],
        body: JSONValue? = nil,
        responses: JSONValue,
        security: Access? = nil,
        plainHTTP: Bool = false
    ) -> JSONValue {
        var responses = responses
        if !plainHTTP, case .object(var byStatus) = responses {
            byStatus["403"] = Self.withHTTPSRequired(byStatus["403"])
            responses = .object(byStatus)
        }
        var operation: [String: JSONValue] = ["summary": .string(summary), "tags": [.string(tag)], "responses": responses]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body { operation["requestBody"] = body }
        if let security, security.needsLogin {
            operation["security"] = [[.init(stringLiteral: Self.securityScheme): []]]
            if !security.admitsAnyLogin {
                operation["description"] = .string("Allowed: \(security.summary).")
                operation["x-required-roles"] = .array((security.roles.map(\.rawValue) + ["superuser"]).map(JSONValue.string))
            }
        }
        return .object(operation)
    }

    /// Adds production's plain-HTTP refusal to an operation's 403, or makes it its 403.
    static func withHTTPSRequired(_ forbidden: JSONValue?) -> JSONValue {
        let https = "HTTPS required (in production, for a request that did not arrive over HTTPS)"
        guard case .string(let description)? = forbidden?["description"] else { return Self.error(https) }
        return Self.error("\(description); or \(https)")
    }

    static func accessResponses(_ access: Access) -> [String: JSONValue] {
        if !access.needsLogin { return [:] }
        if access.admitsAnyLogin { return Self.loginResponses }
        let forbidden: String
        switch access {
        case .owner: forbidden = "Inactive user, or not the author (nor a superuser): Not enough permissions"
        case .superuser: forbidden = "Inactive user, or not a superuser: Not enough permissions"
        default: forbidden = "Inactive user, or not one of: \(access.summary): Not enough permissions"
        }
        return Self.loginResponses.merging(["403": Self.error(forbidden)]) { _, new in new }
    }

    static let loginResponses: [String: JSONValue] = [
        "401": Self.error("Not authenticated, or the token is invalid or expired"),
        "403": Self.error("Inactive user"),
    ]

    static func tooManyRequests(_ description: String) -> JSONValue {
        [
            "description": .string(description),
            "headers": ["Retry-After": ["description": "Seconds to wait", "required": true, "schema": ["type": "integer", "minimum": 0]]],
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/HTTPError"]]],
        ]
    }

    static let validationError: JSONValue = [
        "description": "Validation error: every invalid field or parameter",
        "content": ["application/json": ["schema": ["$ref": "#/components/schemas/HTTPValidationError"]]],
    ]

    static let idParameter: JSONValue = [
        "name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64", "minimum": 1],
    ]

    static let paginationParameters: [JSONValue] = [
        [
            "name": "limit", "in": "query", "required": false,
            "schema": [
                "type": "integer", "minimum": 1, "maximum": .int(Int64(Pagination.maxLimit)),
                "default": .int(Int64(Pagination.defaultLimit)),
            ],
        ],
        ["name": "offset", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 0, "default": 0]],
    ]

    static func merge(_ parts: [String: JSONValue]...) -> JSONValue {
        .object(parts.reduce(into: [:]) { result, part in result.merge(part) { first, _ in first } })
    }

    static func ref(_ schema: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(schema)")]
    }

    static func body(_ description: String, _ schema: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": Self.ref(schema)]]]
    }

    static func arrayBody(_ description: String, _ schema: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": ["type": "array", "items": Self.ref(schema)]]]]
    }

    static func jsonBody(_ schema: String) -> JSONValue {
        ["required": true, "content": ["application/json": ["schema": Self.ref(schema)]]]
    }

    static func error(_ description: String) -> JSONValue {
        Self.body(description, "HTTPError")
    }
}
