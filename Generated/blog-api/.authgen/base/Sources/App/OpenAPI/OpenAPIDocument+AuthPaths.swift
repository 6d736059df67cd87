/// The path items of authentication and of the user administration.
extension OpenAPIDocument {
    func authPaths() -> [String: JSONValue] {
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
                        "403": Self.error("Inactive user, or a plugin refuses the login after the right password (`detail` says why)"),
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

    func userPaths() -> [String: JSONValue] {
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
            "\(users)/{id}/roles/{role}": [
                "put": self.roleOperation("Grant a role to a user (superusers only; nothing changes when the user has it)"),
                "delete": self.roleOperation("Revoke a role of a user (superusers only; nothing changes when the user lacks it)"),
            ],
        ]
    }

    private func roleOperation(_ summary: String) -> JSONValue {
        let roles = Role.all.map { "`\($0.rawValue)`: \($0.summary)" }.joined(separator: "; ")
        let role: JSONValue = [
            "name": "role", "in": "path", "required": true, "description": .string("The role: \(roles)"),
            "schema": ["type": "string", "enum": .array(Role.all.map { .string($0.rawValue) })],
        ]
        return self.operation(
            summary,
            tag: "users",
            parameters: [Self.idParameter, role],
            responses: Self.merge(
                ["200": Self.body("The user, with its roles", "User"), "404": Self.error("User not found, or Role not found")],
                Self.loginResponses
            ),
            security: .superuser
        )
    }
}
