/// The schemas every server has.
extension OpenAPIDocument {
    static let commonSchemas: [String: JSONValue] = [
        "HTTPError": ["type": "object", "properties": ["detail": ["type": "string"]], "required": ["detail"]],
        "HTTPValidationError": [
            "type": "object",
            "properties": ["detail": ["type": "array", "items": ["$ref": "#/components/schemas/ValidationError"]]],
            "required": ["detail"],
        ],
        "ValidationError": [
            "type": "object",
            "properties": [
                "loc": ["type": "array", "items": ["type": "string"]],
                "msg": ["type": "string"],
                "type": ["type": "string"],
            ],
            "required": ["loc", "msg", "type"],
        ],
        "Status": ["type": "object", "properties": ["status": ["type": "string"]], "required": ["status"]],
        "Message": ["type": "object", "properties": ["message": ["type": "string"]], "required": ["message"]],
        "User": [
            "type": "object",
            "properties": [
                "id": ["type": "integer", "format": "int64"],
                "email": ["type": "string", "format": "email"],
                "username": ["type": "string"],
                "full_name": ["type": ["string", "null"]],
                "is_active": ["type": "boolean"],
                "is_superuser": ["type": "boolean"],
                "created_at": ["type": "string", "format": "date-time"],
                "roles": [
                    "type": "array", "items": ["type": "string", "enum": .array(Role.all.map { .string($0.rawValue) })],
                    "description": "The roles granted to the user, sorted (a superuser may do everything without any)",
                ],
            ],
            "required": ["id", "email", "username", "full_name", "is_active", "is_superuser", "created_at", "roles"],
        ],
        "UserCreate": [
            "type": "object",
            "properties": [
                "email": ["type": "string", "format": "email"],
                "username": ["type": "string", "minLength": 3, "maxLength": 50, "pattern": "^[A-Za-z0-9_.-]+$"],
                "password": [
                    "type": "string", "format": "password",
                    "minLength": .int(Int64(PasswordPolicy.specDefault.minLength)),
                    "maxLength": .int(Int64(PasswordPolicy.specDefault.maxLength)),
                    "description": "Counted in UTF-8 bytes; it also needs the character classes of the policy and must not be a common password",
                ],
                "full_name": ["type": ["string", "null"], "maxLength": 100],
            ],
            "required": ["email", "username", "password"],
        ],
        "UserUpdate": [
            "type": "object",
            "description": "Only the flags present change.",
            "properties": ["is_active": ["type": "boolean"], "is_superuser": ["type": "boolean"]],
        ],
        "TokenRequest": [
            "type": "object",
            "properties": [
                "username": ["type": "string"],
                "password": ["type": "string", "format": "password"],
                "grant_type": ["type": "string", "enum": ["password"]],
            ],
            "required": ["username", "password"],
        ],
        "RefreshRequest": ["type": "object", "properties": ["refresh_token": ["type": "string"]], "required": ["refresh_token"]],
        "Token": [
            "type": "object",
            "properties": [
                "access_token": ["type": "string"],
                "refresh_token": ["type": "string"],
                "token_type": ["type": "string", "enum": ["bearer"]],
                "expires_in": ["type": "integer", "description": "Seconds until the access token expires"],
            ],
            "required": ["access_token", "refresh_token", "token_type", "expires_in"],
        ],
    ]
}
