import Hummingbird

/// The password-change feature: `POST /auth/password` for any logged-in user, documented in `/openapi.json`.
struct PasswordChangeExtension: ServerExtension {
    var migrations: [Migration] { [] }

    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {}

    func addRoutes(to server: ExtensionServer) {
        PasswordChangeController(
            repository: server.repository,
            hasher: server.hasher,
            passwordPolicy: server.settings.passwordPolicy,
            confirmation: server.passwordConfirmation
        ).addRoutes(to: server.group("auth", access: .authenticated, noStore: true))
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        [
            "\(document.prefix)/auth/password": [
                "post": document.operation(
                    "Change the password: every other login of the user ends, this one stays",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("PasswordChange"),
                    responses: OpenAPIDocument.merge(
                        [
                            "200": OpenAPIDocument.body("Password updated", "Message"),
                            "400": OpenAPIDocument.error("Incorrect password (the current one)"),
                            "413": OpenAPIDocument.error("Request body too large"),
                            "415": OpenAPIDocument.error("Content-Type must be application/json"),
                            "422": OpenAPIDocument.error("A field is missing, or the new password breaks the policy (`detail` names the rule)"),
                        ],
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ]
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "PasswordChange": [
                "type": "object",
                "properties": [
                    "current_password": ["type": "string", "format": "password"],
                    "new_password": [
                        "type": "string", "format": "password",
                        "minLength": .int(Int64(PasswordPolicy.specDefault.minLength)),
                        "maxLength": .int(Int64(PasswordPolicy.specDefault.maxLength)),
                    ],
                ],
                "required": ["current_password", "new_password"],
            ]
        ]
    }
}
