/// The OpenAPI 3.1 document of this server, built from the same descriptions the routes use.
struct OpenAPIDocument {
    let apiPrefix: String
    let registrationOpen: Bool
    let resources: [ResourceDescription]
    /// Whether /docs is routed, and so described.
    var docsEnabled = true
    /// Whether `POST /auth/refresh` also takes the `refresh_token` query parameter (`auth.compat`).
    var refreshTokenInQuery = SpecDefaults.refreshTokenInQuery

    static let securityScheme = "OAuth2PasswordBearer"

    /// The prefix routes start with: "" when the API is at the root.
    var prefix: String { self.apiPrefix == "/" ? "" : self.apiPrefix }

    var json: JSONValue {
        var paths: [String: JSONValue] = [
            "/health": [
                "get": self.operation("Liveness", tag: "health", responses: ["200": Self.body("Alive", "Status")], plainHTTP: true)
            ],
            "/ready": [
                "get": self.operation(
                    "Readiness: the database answers and the server is not shutting down",
                    tag: "health",
                    responses: ["200": Self.body("Ready", "Status"), "503": Self.error("Database unavailable or shutting down")],
                    plainHTTP: true
                )
            ],
            "/openapi.json": [
                "get": self.operation(
                    "This document",
                    tag: "docs",
                    responses: ["200": ["description": "OpenAPI 3.1 document", "content": ["application/json": ["schema": ["type": "object"]]]]]
                )
            ],
        ]
        if self.docsEnabled {
            paths["/docs"] = [
                "get": self.operation(
                    "Swagger UI on this document",
                    tag: "docs",
                    responses: ["200": ["description": "HTML page", "content": ["text/html": ["schema": ["type": "string"]]]]]
                )
            ]
        }
        for (path, item) in self.authPaths() {
            paths[path] = item
        }
        for (path, item) in self.userPaths() {
            paths[path] = item
        }
        var schemas = Self.commonSchemas
        for resource in self.resources {
            for (path, item) in self.paths(of: resource) {
                paths[path] = item
            }
            for (name, schema) in Self.schemas(of: resource) {
                schemas[name] = schema
            }
        }
        for serverExtension in ServerExtensions.all {
            paths.merge(serverExtension.openAPIPaths(for: self)) { own, _ in own }
            schemas.merge(serverExtension.openAPISchemas) { own, _ in own }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": .string(SpecDefaults.title),
                "description": .string(SpecDefaults.projectDescription),
                "version": .string(SpecDefaults.version),
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": [
                    .init(stringLiteral: Self.securityScheme): [
                        "type": "oauth2",
                        "flows": ["password": ["tokenUrl": .string("\(self.prefix)/auth/token"), "scopes": [:]]],
                    ]
                ],
            ],
        ]
    }

    // MARK: Authentication and users

    private func authPaths() -> [String: JSONValue] {
        let auth = "\(self.prefix)/auth"
        var register: [String: JSONValue] = [
            "201": Self.body("The new user", "User"),
            "400": Self.error("Username or email already registered"),
            "413": Self.error("Request body too large"),
            "415": Self.error("Content-Type must be application/json"),
            "422": Self.error("Invalid email, username or full name, or a password that breaks the policy (`detail` names the rule)"),
            "429": Self.tooManyRequests("Too many requests"),
        ]
        if !self.registrationOpen {
            register["401"] = Self.error("The bearer token is invalid or expired")
            register["403"] = Self.error("Registration is closed (only a superuser creates users), or not enough permissions")
        }
        return [
            "\(auth)/register": [
                "post": self.operation(
                    self.registrationOpen ? "Create an account" : "Create an account (superusers only: registration is closed)",
                    tag: "auth",
                    body: Self.jsonBody("UserCreate"),
                    responses: .object(register),
                    security: self.registrationOpen ? nil : .superuser
                )
            ],
            "\(auth)/token": [
                "post": self.operation(
                    "Log in with the OAuth2 password flow",
                    tag: "auth",
                    body: ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": Self.ref("TokenRequest")]]],
                    responses: [
                        "200": Self.body("Access and refresh tokens", "Token"),
                        "401": Self.error("Incorrect username or password"),
                        "403": Self.error("Inactive user"),
                        "413": Self.error("Request body too large"),
                        "415": Self.error("Content-Type must be application/x-www-form-urlencoded"),
                        "422": Self.error("A field is missing, or grant_type is not 'password'"),
                        "429": Self.tooManyRequests(
                            "Too many requests, or too many failed logins for this username (locked for a while, even with the right password)"
                        ),
                    ]
                )
            ],
            "\(auth)/refresh": [
                "post": self.operation(
                    "Trade a refresh token for new tokens (the old one stops working)",
                    tag: "auth",
                    parameters: self.refreshTokenInQuery ? [Self.refreshTokenQueryParameter] : [],
                    body: [
                        "required": .bool(!self.refreshTokenInQuery),
                        "content": ["application/json": ["schema": Self.ref("RefreshRequest")]],
                    ],
                    responses: [
                        "200": Self.body("New access and refresh tokens", "Token"),
                        "401": Self.error("Could not validate credentials"),
                        "413": Self.error("Request body too large"),
                        "422": Self.error(
                            self.refreshTokenInQuery
                                ? "No refresh token in the query or the body"
                                : "No refresh token in the body, or one in the query string (refused: logs keep query strings)"
                        ),
                    ]
                )
            ],
            "\(auth)/me": [
                "get": self.operation(
                    "The logged-in user",
                    tag: "auth",
                    responses: Self.merge(["200": Self.body("The user", "User")], Self.loginResponses),
                    security: .authenticated
                )
            ],
            "\(auth)/logout": [
                "post": self.operation(
                    "End this login: its access and refresh tokens stop working",
                    tag: "auth",
                    responses: Self.merge(["200": Self.body("Logged out", "Message")], Self.loginResponses),
                    security: .authenticated
                )
            ],
        ]
    }

    private func userPaths() -> [String: JSONValue] {
        let users = "\(self.prefix)/users"
        return [
            users: [
                "get": self.operation(
                    "List users (superusers only)",
                    tag: "users",
                    parameters: Self.paginationParameters,
                    responses: Self.merge(
                        ["200": Self.arrayBody("Users, by id", "User"), "422": Self.validationError],
                        Self.loginResponses
                    ),
                    security: .superuser
                )
            ],
            "\(users)/{id}": [
                "patch": self.operation(
                    "Activate, deactivate, promote or demote a user (superusers only)",
                    tag: "users",
                    parameters: [Self.idParameter],
                    body: Self.jsonBody("UserUpdate"),
                    responses: Self.merge(
                        [
                            "200": Self.body("The updated user", "User"),
                            "400": Self.error("A superuser cannot deactivate or demote themselves"),
                            "404": Self.error("User not found"),
                            "409": Self.error("The last active superuser cannot be demoted or deactivated"),
                            "413": Self.error("Request body too large"),
                            "415": Self.error("Content-Type must be application/json"),
                            "422": Self.validationError,
                        ],
                        Self.loginResponses
                    ),
                    security: .superuser
                )
            ],
        ]
    }

    // MARK: Resources

    private func paths(of resource: ResourceDescription) -> [String: JSONValue] {
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

    private static func schemas(of resource: ResourceDescription) -> [String: JSONValue] {
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
            properties["author_id"] = ["type": "integer", "format": "int64", "description": "The user who created it"]
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

    private static func schema(of field: FieldDescription) -> JSONValue {
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

    private static func withDefault(_ schema: JSONValue, _ defaultValue: JSONValue?) -> JSONValue {
        guard let defaultValue, case .object(var object) = schema else { return schema }
        object["default"] = defaultValue
        return .object(object)
    }

    // MARK: Building blocks

    /// The FastAPI guide's `?refresh_token=`, described only where `auth.compat.refresh_token_in_query` keeps it.
    private static let refreshTokenQueryParameter: JSONValue = [
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
        security: AccessLevel? = nil,
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
        }
        return .object(operation)
    }

    /// Adds production's plain-HTTP refusal to an operation's 403, or makes it its 403.
    private static func withHTTPSRequired(_ forbidden: JSONValue?) -> JSONValue {
        let https = "HTTPS required (in production, for a request that did not arrive over HTTPS)"
        guard case .string(let description)? = forbidden?["description"] else { return Self.error(https) }
        return Self.error("\(description); or \(https)")
    }

    private static func accessResponses(_ level: AccessLevel) -> [String: JSONValue] {
        switch level {
        case .public: [:]
        case .authenticated: Self.loginResponses
        case .owner:
            Self.loginResponses.merging(["403": Self.error("Inactive user, or not the author (nor a superuser): Not enough permissions")]) { _, new in new }
        case .superuser:
            Self.loginResponses.merging(["403": Self.error("Inactive user, or not a superuser: Not enough permissions")]) { _, new in new }
        }
    }

    static let loginResponses: [String: JSONValue] = [
        "401": Self.error("Not authenticated, or the token is invalid or expired"),
        "403": Self.error("Inactive user"),
    ]

    private static func tooManyRequests(_ description: String) -> JSONValue {
        [
            "description": .string(description),
            "headers": ["Retry-After": ["description": "Seconds to wait", "required": true, "schema": ["type": "integer", "minimum": 0]]],
            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/HTTPError"]]],
        ]
    }

    private static let validationError: JSONValue = [
        "description": "Validation error: every invalid field or parameter",
        "content": ["application/json": ["schema": ["$ref": "#/components/schemas/HTTPValidationError"]]],
    ]

    private static let idParameter: JSONValue = [
        "name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64", "minimum": 1],
    ]

    private static let paginationParameters: [JSONValue] = [
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

    private static func arrayBody(_ description: String, _ schema: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": ["type": "array", "items": Self.ref(schema)]]]]
    }

    static func jsonBody(_ schema: String) -> JSONValue {
        ["required": true, "content": ["application/json": ["schema": Self.ref(schema)]]]
    }

    static func error(_ description: String) -> JSONValue {
        Self.body(description, "HTTPError")
    }

    // MARK: Schemas every server has

    private static let commonSchemas: [String: JSONValue] = [
        "HTTPError": ["type": "object", "properties": ["detail": ["type": "string"]], "required": ["detail"]],
        "HTTPValidationError": [
            "type": "object",
            "properties": ["detail": ["type": "array", "items": ["$ref": "#/components/schemas/ValidationError"]]],
            "required": ["detail"],
        ],
        "ValidationError": [
            "type": "object",
            "properties": [
                "loc": ["type": "array", "items": ["type": "string"]],
                "msg": ["type": "string"],
                "type": ["type": "string"],
            ],
            "required": ["loc", "msg", "type"],
        ],
        "Status": ["type": "object", "properties": ["status": ["type": "string"]], "required": ["status"]],
        "Message": ["type": "object", "properties": ["message": ["type": "string"]], "required": ["message"]],
        "User": [
            "type": "object",
            "properties": [
                "id": ["type": "integer", "format": "int64"],
                "email": ["type": "string", "format": "email"],
                "username": ["type": "string"],
                "full_name": ["type": ["string", "null"]],
                "is_active": ["type": "boolean"],
                "is_superuser": ["type": "boolean"],
                "created_at": ["type": "string", "format": "date-time"],
            ],
            "required": ["id", "email", "username", "full_name", "is_active", "is_superuser", "created_at"],
        ],
        "UserCreate": [
            "type": "object",
            "properties": [
                "email": ["type": "string", "format": "email"],
                "username": ["type": "string", "minLength": 3, "maxLength": 50, "pattern": "^[A-Za-z0-9_.-]+$"],
                "password": [
                    "type": "string", "format": "password",
                    "minLength": .int(Int64(PasswordPolicy.specDefault.minLength)),
                    "maxLength": .int(Int64(PasswordPolicy.specDefault.maxLength)),
                    "description": "Counted in UTF-8 bytes; it also needs the character classes of the policy and must not be a common password",
                ],
                "full_name": ["type": ["string", "null"], "maxLength": 100],
            ],
            "required": ["email", "username", "password"],
        ],
        "UserUpdate": [
            "type": "object",
            "description": "Only the flags present change.",
            "properties": ["is_active": ["type": "boolean"], "is_superuser": ["type": "boolean"]],
        ],
        "TokenRequest": [
            "type": "object",
            "properties": [
                "username": ["type": "string"],
                "password": ["type": "string", "format": "password"],
                "grant_type": ["type": "string", "enum": ["password"]],
            ],
            "required": ["username", "password"],
        ],
        "RefreshRequest": ["type": "object", "properties": ["refresh_token": ["type": "string"]], "required": ["refresh_token"]],
        "Token": [
            "type": "object",
            "properties": [
                "access_token": ["type": "string"],
                "refresh_token": ["type": "string"],
                "token_type": ["type": "string", "enum": ["bearer"]],
                "expires_in": ["type": "integer", "description": "Seconds until the access token expires"],
            ],
            "required": ["access_token", "refresh_token", "token_type", "expires_in"],
        ],
    ]
}
