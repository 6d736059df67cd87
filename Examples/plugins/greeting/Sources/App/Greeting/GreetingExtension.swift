import Foundation
import Hummingbird

/// The greeting plugin: `GET /greeting`, public, counted in `greeting_visits`; newcomers counted by the
/// `userRegistered` hook; logins refused by the `admitLogin` hook while `GREETING_LOGIN_PAUSED` is set;
/// `POST /greeting/me` marks the caller `greeted` (a user field of the plugin).
struct GreetingExtension: ServerExtension {
    var migrations: [Migration] { [.greetingCreateGreetingVisits] }

    func register(on router: Router<AppRequestContext>, services: ExtensionServices) {
        GreetingController(
            audience: services.settings.greetingAudience,
            database: services.repository,
            newcomers: services.shared(GreetingNewcomers.self)
        ).addRoutes(to: router.group(RouterPath(services.settings.apiPrefix)))
    }

    func addRoutes(to server: ExtensionServer) {
        let repository = server.repository
        server.group("greeting", access: .authenticated, noStore: true).post("me") { _, context -> UserResponse in
            let identity = try context.requireIdentity()
            try await repository.setGreeted(true, userID: identity.user.id)
            guard let user = try await repository.user(id: identity.user.id) else { throw APIError.notAuthenticated }
            return UserResponse(user)
        }
    }

    func checkEnvironment(_ settings: Settings) throws {
        if settings.greetingAudience.trimmingCharacters(in: .whitespaces).isEmpty {
            throw SettingsError("GREETING_AUDIENCE must not be empty")
        }
    }

    func userRegistered(_ user: User, context: AppRequestContext, services: ExtensionServices) async {
        await services.shared(GreetingNewcomers.self).welcome()
    }

    func admitLogin(_ user: User, context: AppRequestContext, services: ExtensionServices) async throws {
        if services.settings.greetingLoginPaused {
            throw APIError(status: .forbidden, detail: "Logins are paused")
        }
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        [
            "\(document.prefix)/greeting": [
                "get": [
                    "summary": "A greeting; each call is counted",
                    "tags": ["greeting"],
                    "responses": [
                        "200": [
                            "description": "The greeting",
                            "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Greeting"]]],
                        ]
                    ],
                ]
            ],
            "\(document.prefix)/greeting/me": [
                "post": document.operation(
                    "Mark the caller greeted",
                    tag: "greeting",
                    responses: OpenAPIDocument.merge(
                        ["200": OpenAPIDocument.body("The caller, greeted", "User")],
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "Greeting": [
                "type": "object",
                "required": ["message", "audience", "visits", "newcomers"],
                "properties": [
                    "message": ["type": "string"],
                    "audience": ["type": "string"],
                    "visits": ["type": "integer"],
                    "newcomers": ["type": "integer"],
                ],
            ]
        ]
    }
}
