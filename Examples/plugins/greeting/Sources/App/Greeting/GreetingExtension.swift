import Hummingbird

/// The greeting plugin: `GET /greeting`, public, counted in `greeting_visits`; newcomers counted by the
/// `userRegistered` hook; logins refused by the `admitLogin` hook while `GREETING_LOGIN_PAUSED` is set.
struct GreetingExtension: ServerExtension {
    var migrations: [Migration] { [.greetingCreateGreetingVisits] }

    func register(on router: Router<AppRequestContext>, services: ExtensionServices) {
        GreetingController(
            audience: services.settings.greetingAudience,
            database: services.repository,
            newcomers: services.shared(GreetingNewcomers.self)
        ).addRoutes(to: router.group(RouterPath(services.settings.apiPrefix)))
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
            ]
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
