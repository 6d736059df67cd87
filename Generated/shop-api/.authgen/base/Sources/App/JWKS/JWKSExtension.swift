import Hummingbird

/// The jwks feature: `GET /.well-known/jwks.json` (the public keys that verify access tokens, RFC 7517) and
/// `GET /.well-known/openid-configuration` (where to find them), at the root and public, so a resource server
/// verifies tokens without sharing a secret. With an HMAC algorithm (JWT_ALGORITHM overridden at run time) there is
/// nothing to publish: both answer 404, and the server says why once at start.
struct JWKSExtension: ServerExtension {
    var migrations: [Migration] { [] }

    func register(on router: Router<AppRequestContext>, services: ExtensionServices) {
        let algorithm = services.settings.jwt.algorithm
        if services.signingKeys.publicKeys.isEmpty {
            services.logger.notice(
                "No JWKS published: \(algorithm.rawValue) signs with SECRET_KEY, which cannot be; /.well-known/jwks.json answers 404 (set JWT_ALGORITHM to ES256 or EdDSA and JWT_PRIVATE_KEYS to publish one)"
            )
        }
        JWKSController(
            keySet: JSONWebKeySet(keys: services.signingKeys.publicKeys),
            discovery: DiscoveryDocumentMaker(
                issuer: services.settings.jwt.issuer,
                algorithm: algorithm.rawValue,
                apiPrefix: services.settings.apiPrefix == "/" ? "" : services.settings.apiPrefix,
                publicBaseURL: services.settings.jwksPublicBaseUrl,
                httpsOnly: services.settings.environment == .production && services.settings.httpsOnly
            )
        ).addRoutes(to: router)
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        [
            "/.well-known/jwks.json": [
                "get": document.operation(
                    "The public keys that verify access tokens (RFC 7517); 404 when JWT_ALGORITHM is HS256/384/512",
                    tag: "keys",
                    responses: [
                        "200": OpenAPIDocument.body("The key set, the signing key first", "JSONWebKeySet"),
                        "404": OpenAPIDocument.error("No key set: the server signs with a shared secret"),
                    ]
                )
            ],
            "/.well-known/openid-configuration": [
                "get": document.operation(
                    "Where the issuer's keys and token endpoint are (the subset of OpenID Connect Discovery that applies)",
                    tag: "keys",
                    responses: [
                        "200": OpenAPIDocument.body("The discovery document", "DiscoveryDocument"),
                        "404": OpenAPIDocument.error("No key set: the server signs with a shared secret"),
                    ]
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "JSONWebKeySet": [
                "type": "object",
                "properties": ["keys": ["type": "array", "items": ["$ref": "#/components/schemas/JSONWebKey"]]],
                "required": ["keys"],
            ],
            "JSONWebKey": [
                "type": "object",
                "properties": [
                    "kty": ["type": "string", "enum": ["EC", "OKP"]],
                    "crv": ["type": "string", "enum": ["P-256", "Ed25519"]],
                    "x": ["type": "string"],
                    "y": ["type": "string", "description": "EC keys only"],
                    "kid": ["type": "string", "description": "RFC 7638 thumbprint; the kid of the tokens it signs"],
                    "alg": ["type": "string", "enum": ["ES256", "EdDSA"]],
                    "use": ["type": "string", "enum": ["sig"]],
                ],
                "required": ["kty", "crv", "x", "kid", "alg", "use"],
            ],
            "DiscoveryDocument": [
                "type": "object",
                "properties": [
                    "issuer": ["type": "string"],
                    "jwks_uri": ["type": "string", "format": "uri"],
                    "token_endpoint": ["type": "string", "format": "uri"],
                    "id_token_signing_alg_values_supported": ["type": "array", "items": ["type": "string"]],
                ],
                "required": ["issuer", "jwks_uri", "token_endpoint", "id_token_signing_alg_values_supported"],
            ],
        ]
    }
}
