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
        var securitySchemes: [String: JSONValue] = [Self.securityScheme: self.passwordBearerScheme]
        for serverExtension in ServerExtensions.all {
            securitySchemes.merge(serverExtension.openAPISecuritySchemes) { own, _ in own }
        }
        let credentialSchemes = securitySchemes.keys.filter { $0 != Self.securityScheme }.sorted()
        for resource in self.resources {
            for (path, item) in self.paths(of: resource) {
                paths[path] = Self.accepting(credentialSchemes, in: item)
            }
            for (name, schema) in Self.schemas(of: resource) {
                schemas[name] = schema
            }
        }
        for serverExtension in ServerExtensions.all {
            // An extension may add operations to a path the server documents (DELETE beside GET): path items merge
            // by method, and the server's own operations win.
            paths.merge(serverExtension.openAPIPaths(for: self)) { own, added in
                guard case .object(var operations) = own, case .object(let more) = added else { return own }
                operations.merge(more) { ownOperation, _ in ownOperation }
                return .object(operations)
            }
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
                "securitySchemes": .object(securitySchemes),
            ],
        ]
    }

    /// Logins: the access token of `POST /auth/token`.
    private var passwordBearerScheme: JSONValue {
        [
            "type": "oauth2",
            "flows": ["password": ["tokenUrl": .string("\(self.prefix)/auth/token"), "scopes": [:]]],
        ]
    }

    /// The path item with `schemes` as alternatives of each operation that needs a login: a resource action also
    /// takes the extensions' scoped credentials.
    private static func accepting(_ schemes: [String], in item: JSONValue) -> JSONValue {
        guard !schemes.isEmpty, case .object(var operations) = item else { return item }
        for (method, operation) in operations {
            guard case .object(var fields) = operation, case .array(let security)? = fields["security"] else { continue }
            fields["security"] = .array(security + schemes.map { [.init(stringLiteral: $0): []] })
            operations[method] = .object(fields)
        }
        return .object(operations)
    }
}
