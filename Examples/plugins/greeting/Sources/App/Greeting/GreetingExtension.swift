import Hummingbird

/// The greeting plugin: `GET /greeting`, public, counted in `greeting_visits`.
struct GreetingExtension: ServerExtension {
    var migrations: [Migration] { [.greetingCreateGreetingVisits] }

    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {
        GreetingController(audience: settings.greetingAudience, database: database)
            .addRoutes(to: router.group(RouterPath(settings.apiPrefix)))
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
                "required": ["message", "audience", "visits"],
                "properties": [
                    "message": ["type": "string"],
                    "audience": ["type": "string"],
                    "visits": ["type": "integer"],
                ],
            ]
        ]
    }
}
