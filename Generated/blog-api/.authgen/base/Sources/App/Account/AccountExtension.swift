import Hummingbird

/// The account feature: deleting one's own account (`DELETE /auth/me`) and superusers deleting
/// users (`DELETE /users/{id}`), and exporting one's data (`GET /auth/me/export`), documented in
/// `/openapi.json`.
struct AccountExtension: ServerExtension {
    var migrations: [Migration] { [] }

    func addRoutes(to server: ExtensionServer) {
        let auth = server.group("auth", access: .authenticated, noStore: true)
        let deletion = AccountDeletionController(
            repository: server.repository,
            confirmation: server.passwordConfirmation,
            extensions: server.services
        )
        deletion.addOwnRoute(to: auth)
        deletion.addAdminRoute(to: server.group("users", access: .superuser, noStore: true))
        AccountExportController(repository: server.repository).addRoutes(to: auth)
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        var paths: [String: JSONValue] = [:]
        paths["\(document.prefix)/auth/me"] = [
            "delete": document.operation(
                "Delete your own account: every login ends, the resources you own are deleted",
                tag: "auth",
                body: OpenAPIDocument.jsonBody("AccountDeletion"),
                responses: OpenAPIDocument.merge(
                    [
                        "204": ["description": "Deleted"],
                        "400": OpenAPIDocument.error("Incorrect password"),
                        "409": OpenAPIDocument.error("The last active superuser cannot be deleted"),
                        "413": OpenAPIDocument.error("Request body too large"),
                        "415": OpenAPIDocument.error("Content-Type must be application/json"),
                        "422": OpenAPIDocument.error("A field is missing or has the wrong type"),
                    ],
                    OpenAPIDocument.loginResponses
                ),
                security: .authenticated
            )
        ]
        paths["\(document.prefix)/users/{id}"] = [
            "delete": document.operation(
                "Delete a user (superusers): every login of the user ends, the resources it owns are deleted",
                tag: "users",
                parameters: [OpenAPIDocument.idParameter],
                responses: OpenAPIDocument.merge(
                    [
                        "204": ["description": "Deleted"],
                        "404": OpenAPIDocument.error("User not found"),
                        "409": OpenAPIDocument.error("The last active superuser cannot be deleted"),
                    ],
                    OpenAPIDocument.accessResponses(.superuser)
                ),
                security: .superuser
            )
        ]
        paths["\(document.prefix)/auth/me/export"] = [
            "get": document.operation(
                "Download your profile and every resource you own, as one JSON document (an attachment)",
                tag: "auth",
                responses: OpenAPIDocument.merge(
                    ["200": OpenAPIDocument.body("The export", "AccountExport")],
                    OpenAPIDocument.loginResponses
                ),
                security: .authenticated
            )
        ]
        return paths
    }

    var openAPISchemas: [String: JSONValue] {
        var schemas: [String: JSONValue] = [:]
        schemas["AccountDeletion"] = [
            "type": "object",
            "properties": [
                "password": ["type": "string", "format": "password"],
                "code": ["type": "string", "description": "The second factor's code, when the user has one"],
            ],
            "required": ["password"],
        ]
        schemas["AccountExport"] = [
            "type": "object",
            "properties": [
                "user": OpenAPIDocument.ref("User"),
                "resources": [
                    "type": "object",
                    "description": "Each resource type's items the user owns, by the resource's plural name",
                    "properties": [
                        "posts": ["type": "array", "items": OpenAPIDocument.ref("Post")],
                    ],
                ],
            ],
            "required": ["user", "resources"],
        ]
        return schemas
    }
}
