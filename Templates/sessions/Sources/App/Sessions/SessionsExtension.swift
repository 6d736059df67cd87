import Foundation
import Hummingbird

/// The sessions feature: a user lists their logins and ends them, a superuser those of any user. The client and
/// the last use of each session live in `session_details`, filled as sessions begin and (at most once a minute per
/// session and process) as their tokens are used.
struct SessionsExtension: ServerExtension {
    var migrations: [Migration] { [.sessionsCreateDetails] }

    var checksAuthentication: Bool { true }

    func addRoutes(to server: ExtensionServer) {
        let controller = SessionsController(
            repository: server.repository,
            details: SessionDetails(database: server.repository),
            sessionMaxLifetime: server.settings.jwt.sessionMaxLifetime
        )
        controller.addOwnRoutes(to: server.group("auth", access: .authenticated, noStore: true))
        controller.addAdminRoutes(to: server.group("users", access: .superuser, noStore: true))
    }

    func sessionStarted(_ session: SessionStart, context: AppRequestContext, services: ExtensionServices) async throws {
        try await SessionDetails(database: services.repository).record(session)
        _ = services.shared(SessionUseThrottle.self).shouldRecord(session: session.sessionID, at: session.startedAt)
    }

    /// Records the session's use, unless this process did so less than a minute ago: most requests write nothing.
    /// A scoped credential (an API key) has no session.
    func authenticated(
        _ identity: AuthenticatedUser,
        request: Request,
        context: AppRequestContext,
        services: ExtensionServices
    ) async throws {
        guard identity.scopes == nil else { return }
        let now = Date()
        guard services.shared(SessionUseThrottle.self).shouldRecord(session: identity.sessionID, at: now) else { return }
        try await SessionDetails(database: services.repository).recordUse(session: identity.sessionID, at: now)
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        let sessionID: JSONValue = [
            "name": "id", "in": "path", "required": true, "schema": ["type": "string"],
            "description": "The session's id (the `sid` claim of its tokens)",
        ]
        let userSessionID: JSONValue = [
            "name": "sid", "in": "path", "required": true, "schema": ["type": "string"],
            "description": "The session's id (the `sid` claim of its tokens)",
        ]
        let admin = OpenAPIDocument.accessResponses(.superuser)
        return [
            "\(document.prefix)/auth/sessions": [
                "get": document.operation(
                    "The caller's open sessions, newest first; `current` marks the one of this token",
                    tag: "auth",
                    responses: OpenAPIDocument.merge(
                        ["200": OpenAPIDocument.arrayBody("Open sessions", "Session")],
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
            "\(document.prefix)/auth/sessions/{id}": [
                "delete": document.operation(
                    "End one of the caller's sessions: its access and refresh tokens stop working at once",
                    tag: "auth",
                    parameters: [sessionID],
                    responses: OpenAPIDocument.merge(
                        [
                            "204": ["description": "The session has ended"],
                            "404": OpenAPIDocument.error("No open session of the caller has this id"),
                        ],
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
            "\(document.prefix)/auth/logout-all": [
                "post": document.operation(
                    "End every session of the caller, or every other one with `keep_current`",
                    tag: "auth",
                    body: ["required": false, "content": ["application/json": ["schema": OpenAPIDocument.ref("LogoutAll")]]],
                    responses: OpenAPIDocument.merge(
                        [
                            "200": OpenAPIDocument.body("The sessions have ended", "Message"),
                            "413": OpenAPIDocument.error("Request body too large"),
                            "415": OpenAPIDocument.error("Content-Type must be application/json"),
                            "422": OpenAPIDocument.error("`keep_current` is not a boolean"),
                        ],
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
            "\(document.prefix)/users/{id}/sessions": [
                "get": document.operation(
                    "A user's open sessions (superusers)",
                    tag: "users",
                    parameters: [OpenAPIDocument.idParameter],
                    responses: OpenAPIDocument.merge(
                        [
                            "200": OpenAPIDocument.arrayBody("Open sessions", "Session"),
                            "404": OpenAPIDocument.error("User not found"),
                        ],
                        admin
                    ),
                    security: .superuser
                ),
                "delete": document.operation(
                    "End every session of a user (superusers)",
                    tag: "users",
                    parameters: [OpenAPIDocument.idParameter],
                    responses: OpenAPIDocument.merge(
                        [
                            "204": ["description": "Every session of the user has ended"],
                            "404": OpenAPIDocument.error("User not found"),
                        ],
                        admin
                    ),
                    security: .superuser
                ),
            ],
            "\(document.prefix)/users/{id}/sessions/{sid}": [
                "delete": document.operation(
                    "End one session of a user (superusers)",
                    tag: "users",
                    parameters: [OpenAPIDocument.idParameter, userSessionID],
                    responses: OpenAPIDocument.merge(
                        [
                            "204": ["description": "The session has ended"],
                            "404": OpenAPIDocument.error("User not found, or no open session of the user has this id"),
                        ],
                        admin
                    ),
                    security: .superuser
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "Session": [
                "type": "object",
                "properties": [
                    "id": ["type": "string"],
                    "created_at": ["type": "string", "format": "date-time"],
                    "last_used_at": [
                        "type": "string", "format": "date-time",
                        "description": "Updated at most once a minute",
                    ],
                    "user_agent": ["type": ["string", "null"], "maxLength": .int(Int64(SessionDetails.userAgentLimit))],
                    "client_address": [
                        "type": ["string", "null"],
                        "description": "The client's network when the session began: IPv4 /24 or IPv6 /48",
                    ],
                    "current": ["type": "boolean"],
                ],
                "required": ["id", "created_at", "last_used_at", "user_agent", "client_address", "current"],
            ],
            "LogoutAll": [
                "type": "object",
                "properties": ["keep_current": ["type": "boolean", "default": false]],
            ],
        ]
    }
}
