import Foundation
import Hummingbird

/// The API keys feature: a user creates keys for machines, each acting as its user with only some resource actions
/// (`post:read`), sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`. The server accepts a key only on the
/// resource routes of its scopes, and only where its user may act too.
struct APIKeysExtension: ServerExtension {
    var migrations: [Migration] { [.apiKeysCreateTable] }

    var authenticatesCredentials: Bool { true }

    func purgeExpired(now: Date, database: any ExtensionDatabase) async throws -> [String: Int] {
        ["api_keys": try await APIKeyStore(database: database).deleteLapsed(now: now)]
    }

    func addRoutes(to server: ExtensionServer) {
        APIKeysController(
            store: APIKeyStore(database: server.repository),
            maxPerUser: server.settings.apiKeysMaxPerUser,
            maxTTLSeconds: server.settings.apiKeysMaxTtlSeconds
        )
        .addRoutes(to: server.group("auth/api-keys", access: .authenticated, noStore: true))
    }

    /// The key's user, with the key's scopes. The key is looked up on every use (a deleted key stops at once, on
    /// every server process); its last use is written at most once a minute per key and process.
    func authenticateCredential(
        _ credential: String,
        request: Request,
        context: AppRequestContext,
        services: ExtensionServices
    ) async throws -> AuthenticatedUser? {
        guard credential.hasPrefix(APIKeySecret.prefix) else { return nil }
        let store = APIKeyStore(database: services.repository)
        let now = Date()
        guard let key = try await store.key(digest: APIKeySecret.digest(credential)), key.expiresAt > now,
            let user = try await services.repository.user(id: key.userID)
        else {
            throw APIError.invalidToken
        }
        if services.shared(APIKeyUseThrottle.self).shouldRecord(key: key.id, at: now) {
            try await store.recordUse(id: key.id, at: now)
        }
        // No session's id has a colon.
        return AuthenticatedUser(user: user, sessionID: "api-key:\(key.id)", scopes: key.scopes)
    }

    /// The same key, sent either way.
    var openAPISecuritySchemes: [String: JSONValue] {
        let scopes = "Scopes are `<resource>:<action>`; a key works only on the resource actions of its scopes, and only where its user may act"
        return [
            "APIKeyHeader": ["type": "apiKey", "in": "header", "name": "X-API-Key", "description": .string("An API key. \(scopes).")],
            "APIKeyBearer": [
                "type": "http", "scheme": "bearer", "description": .string("An API key as `Authorization: Bearer <key>`. \(scopes)."),
            ],
        ]
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        let keyID: JSONValue = [
            "name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64", "minimum": 1],
        ]
        let refused = "Inactive user, or the request carries an API key: only a login manages keys"
        let loginOnly = OpenAPIDocument.loginResponses.merging(["403": OpenAPIDocument.error(refused)]) { _, new in new }
        return [
            "\(document.prefix)/auth/api-keys": [
                "post": document.operation(
                    "Create an API key for a machine: it acts as the caller with only its scopes; the key is in this answer only",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("APIKeyCreate"),
                    responses: OpenAPIDocument.merge(
                        [
                            "201": OpenAPIDocument.body("The key, shown this once", "APIKeyCreated"),
                            "409": OpenAPIDocument.error("The caller already holds API_KEYS_MAX_PER_USER keys that have not expired"),
                            "413": OpenAPIDocument.error("Request body too large"),
                            "415": OpenAPIDocument.error("Content-Type must be application/json"),
                            "422": OpenAPIDocument.validationError,
                        ],
                        loginOnly
                    ),
                    security: .authenticated
                ),
                "get": document.operation(
                    "The caller's API keys, oldest first, expired ones included; never the keys themselves",
                    tag: "auth",
                    responses: OpenAPIDocument.merge(
                        ["200": OpenAPIDocument.arrayBody("The caller's keys", "APIKey")],
                        loginOnly
                    ),
                    security: .authenticated
                ),
            ],
            "\(document.prefix)/auth/api-keys/{id}": [
                "delete": document.operation(
                    "Delete one of the caller's API keys: it is refused at once, by every server process",
                    tag: "auth",
                    parameters: [keyID],
                    responses: OpenAPIDocument.merge(
                        [
                            "204": ["description": "The key is deleted"],
                            "404": OpenAPIDocument.error("The caller has no API key with this id"),
                        ],
                        loginOnly
                    ),
                    security: .authenticated
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        let key: [String: JSONValue] = [
            "id": ["type": "integer", "format": "int64"],
            "name": ["type": "string"],
            "scopes": ["type": "array", "items": ["type": "string", "enum": .array(APIKeyScopes.all.map { .string($0) })]],
            "created_at": ["type": "string", "format": "date-time"],
            "expires_at": ["type": "string", "format": "date-time"],
            "last_used_at": [
                "type": ["string", "null"], "format": "date-time", "description": "Written at most once a minute",
            ],
        ]
        let required: [JSONValue] = ["id", "name", "scopes", "created_at", "expires_at", "last_used_at"]
        var created = key
        created["key"] = [
            "type": "string",
            "description": .string("The key: `\(APIKeySecret.prefix)` and 43 base64url characters. Send it as `X-API-Key` or `Authorization: Bearer`"),
        ]
        return [
            "APIKey": ["type": "object", "properties": .object(key), "required": .array(required)],
            "APIKeyCreated": ["type": "object", "properties": .object(created), "required": .array(required + ["key"])],
            "APIKeyCreate": [
                "type": "object",
                "properties": [
                    "name": ["type": "string", "minLength": 1, "maxLength": .int(Int64(APIKeysController.nameLimit))],
                    "scopes": [
                        "type": "array", "minItems": 1,
                        "items": ["type": "string", "enum": .array(APIKeyScopes.all.map { .string($0) })],
                    ],
                    "expires_in": [
                        "type": "integer", "minimum": 1,
                        "description": "Seconds the key works; at most, and by default, API_KEYS_MAX_TTL_SECONDS",
                    ],
                ],
                "required": ["name", "scopes"],
            ],
        ]
    }
}
