import Foundation
import Hummingbird

/// The password-reset feature: its token table, its two routes under `/auth`, documented in `/openapi.json`.
struct PasswordResetExtension: ServerExtension {
    var migrations: [Migration] { [.passwordResetCreateTokens] }

    func purgeExpired(now: Date, database: any ExtensionDatabase) async throws -> [String: Int] {
        ["password_reset_tokens": try await PasswordResetTokens(database: database).deleteExpired(now: now)]
    }

    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {}

    func addRoutes(to server: ExtensionServer) {
        let limits = server.settings.rateLimits
        PasswordResetController(
            repository: server.repository,
            hasher: server.hasher,
            passwordPolicy: server.settings.passwordPolicy,
            tokens: PasswordResetTokens(database: server.repository),
            mail: PasswordResetMail(mailer: server.services.shared(Mailer.self), ttlSeconds: server.settings.passwordResetTtlSeconds),
            requestLimit: RateLimitPolicy(name: "password-reset", rule: limits.login, enabled: limits.enabled, counters: server.repository),
            confirmLimit: RateLimitPolicy(name: "password-reset-confirm", rule: limits.login, enabled: limits.enabled, counters: server.repository)
        ).addRoutes(to: server.group("auth", access: .public, noStore: true))
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        [
            "\(document.prefix)/auth/password-reset": [
                "post": document.operation(
                    "Ask for a password reset link by mail; the answer is the same whether or not the address has an account",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("PasswordResetRequest"),
                    responses: [
                        "202": OpenAPIDocument.body("Accepted: a mail is sent if the address belongs to an active account", "Message"),
                        "413": OpenAPIDocument.error("Request body too large"),
                        "415": OpenAPIDocument.error("Content-Type must be application/json"),
                        "422": OpenAPIDocument.error("The email is missing"),
                        "429": OpenAPIDocument.tooManyRequests("Too many requests from this client address or for this email"),
                    ]
                )
            ],
            "\(document.prefix)/auth/password-reset/confirm": [
                "post": document.operation(
                    "Set a new password with the token of a reset mail; every session of the user ends",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("PasswordResetConfirm"),
                    responses: [
                        "200": OpenAPIDocument.body("Password updated", "Message"),
                        "400": OpenAPIDocument.error("Invalid or expired token (used, replaced by a newer reset, or never issued)"),
                        "413": OpenAPIDocument.error("Request body too large"),
                        "415": OpenAPIDocument.error("Content-Type must be application/json"),
                        "422": OpenAPIDocument.error("A field is missing, or the new password breaks the policy (`detail` names the rule)"),
                        "429": OpenAPIDocument.tooManyRequests("Too many requests from this client address"),
                    ]
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "PasswordResetRequest": [
                "type": "object",
                "properties": ["email": ["type": "string", "format": "email"]],
                "required": ["email"],
            ],
            "PasswordResetConfirm": [
                "type": "object",
                "properties": [
                    "token": ["type": "string", "description": "The `token` query parameter of the link in the mail"],
                    "new_password": [
                        "type": "string", "format": "password",
                        "minLength": .int(Int64(PasswordPolicy.specDefault.minLength)),
                        "maxLength": .int(Int64(PasswordPolicy.specDefault.maxLength)),
                    ],
                ],
                "required": ["token", "new_password"],
            ],
        ]
    }
}
