import Foundation
import Hummingbird

/// The invitations feature: the `invitations` table, the superusers' routes under `/users/invitations` and the
/// invitee's `POST /auth/invitations/accept`, documented in `/openapi.json`.
struct InvitationsExtension: ServerExtension {
    var migrations: [Migration] { [.invitationsCreateInvitations] }

    func purgeExpired(now: Date, database: any ExtensionDatabase) async throws -> [String: Int] {
        ["invitations": try await Invitations(database: database).deleteLapsed(now: now)]
    }

    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {}

    func addRoutes(to server: ExtensionServer) {
        let limits = server.settings.rateLimits
        let ttlSeconds = server.settings.invitationsTtlSeconds
        let controller = InvitationsController(
            repository: server.repository,
            hasher: server.hasher,
            passwordPolicy: server.settings.passwordPolicy,
            invitations: Invitations(database: server.repository),
            mail: InvitationMail(mailer: server.services.shared(Mailer.self), ttlSeconds: ttlSeconds),
            ttlSeconds: ttlSeconds,
            inviteLimit: RateLimitPolicy(name: "invitations", rule: limits.register, enabled: limits.enabled, counters: server.repository),
            acceptLimit: RateLimitPolicy(name: "invitations-accept", rule: limits.register, enabled: limits.enabled, counters: server.repository)
        )
        controller.addAdminRoutes(to: server.group("users", access: .superuser, noStore: true))
        controller.addAcceptRoute(to: server.group("auth", access: .public, noStore: true))
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        let admin = OpenAPIDocument.accessResponses(.superuser)
        let tooMany = ["429": OpenAPIDocument.tooManyRequests("Too many requests from this client address")]
        return [
            "\(document.prefix)/users/invitations": [
                "post": document.operation(
                    "Invite someone by email (superusers); inviting an address again replaces its earlier invitation",
                    tag: "users",
                    body: OpenAPIDocument.jsonBody("InvitationCreate"),
                    responses: OpenAPIDocument.merge(
                        [
                            "201": OpenAPIDocument.body("Invited: the mail with the link is on its way", "Invitation"),
                            "400": OpenAPIDocument.error("Email already registered"),
                            "413": OpenAPIDocument.error("Request body too large"),
                            "415": OpenAPIDocument.error("Content-Type must be application/json"),
                            "422": OpenAPIDocument.error("The email is missing or invalid"),
                        ],
                        admin,
                        tooMany
                    ),
                    security: .superuser
                ),
                "get": document.operation(
                    "Pending invitations (superusers), expired ones included",
                    tag: "users",
                    responses: OpenAPIDocument.merge(
                        ["200": OpenAPIDocument.arrayBody("Pending invitations, oldest first", "Invitation")],
                        admin,
                        tooMany
                    ),
                    security: .superuser
                ),
            ],
            "\(document.prefix)/users/invitations/{id}": [
                "delete": document.operation(
                    "Revoke an invitation (superusers): its link stops working",
                    tag: "users",
                    parameters: [OpenAPIDocument.idParameter],
                    responses: OpenAPIDocument.merge(
                        [
                            "204": ["description": "Revoked"],
                            "404": OpenAPIDocument.error("Invitation not found"),
                        ],
                        admin,
                        tooMany
                    ),
                    security: .superuser
                )
            ],
            "\(document.prefix)/auth/invitations/accept": [
                "post": document.operation(
                    "Create the invited account with the token of the invitation mail",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("InvitationAccept"),
                    responses: [
                        "201": OpenAPIDocument.body("The new user, with the invitation's email and role", "User"),
                        "400": OpenAPIDocument.error("Invalid or expired invitation (used, revoked, replaced or never issued), or the username or email is taken"),
                        "413": OpenAPIDocument.error("Request body too large"),
                        "415": OpenAPIDocument.error("Content-Type must be application/json"),
                        "422": OpenAPIDocument.error("A field is missing, the username is invalid, or the password breaks the policy (`detail` names the rule)"),
                        "429": OpenAPIDocument.tooManyRequests("Too many requests from this client address"),
                    ]
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "InvitationCreate": [
                "type": "object",
                "properties": [
                    "email": ["type": "string", "format": "email"],
                    "is_superuser": ["type": "boolean", "default": false],
                ],
                "required": ["email"],
            ],
            "Invitation": [
                "type": "object",
                "properties": [
                    "id": ["type": "integer", "format": "int64"],
                    "email": ["type": "string", "format": "email"],
                    "is_superuser": ["type": "boolean"],
                    "created_at": ["type": "string", "format": "date-time"],
                    "expires_at": ["type": "string", "format": "date-time"],
                ],
                "required": ["id", "email", "is_superuser", "created_at", "expires_at"],
            ],
            "InvitationAccept": [
                "type": "object",
                "properties": [
                    "token": ["type": "string", "description": "The `token` query parameter of the link in the mail"],
                    "username": ["type": "string", "minLength": 3, "maxLength": 50, "pattern": "^[A-Za-z0-9_.-]+$"],
                    "password": [
                        "type": "string", "format": "password",
                        "minLength": .int(Int64(PasswordPolicy.specDefault.minLength)),
                        "maxLength": .int(Int64(PasswordPolicy.specDefault.maxLength)),
                    ],
                ],
                "required": ["token", "username", "password"],
            ],
        ]
    }
}
