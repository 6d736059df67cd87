import Hummingbird

/// `GET /.well-known/jwks.json` and `GET /.well-known/openid-configuration`. Both change only when the server
/// restarts with another key list, so caches may keep them a few minutes (a rotation adds the new key before it
/// signs anything, and a retired key's tokens have expired).
struct JWKSController {
    static let cacheControl = "public, max-age=300"

    let keySet: JSONWebKeySet
    let discovery: DiscoveryDocumentMaker

    func addRoutes(to router: Router<AppRequestContext>) {
        let wellKnown = router.group(".well-known")
        wellKnown.get("jwks.json", use: self.jwks)
        wellKnown.get("openid-configuration", use: self.openIDConfiguration)
    }

    @Sendable func jwks(_ request: Request, context: AppRequestContext) throws -> EditedResponse<JSONWebKeySet> {
        try self.requireKeys()
        return EditedResponse(headers: [.cacheControl: Self.cacheControl], response: self.keySet)
    }

    @Sendable func openIDConfiguration(_ request: Request, context: AppRequestContext) throws -> EditedResponse<DiscoveryDocument> {
        try self.requireKeys()
        // Built from the request's Host, it is that client's alone: no shared cache may hand it to another.
        let cacheControl = self.discovery.dependsOnTheRequest ? "no-store" : Self.cacheControl
        return EditedResponse(headers: [.cacheControl: cacheControl], response: self.discovery.document(for: request))
    }

    /// With an HMAC secret (JWT_ALGORITHM overridden at run time) there is no key to publish.
    private func requireKeys() throws {
        guard !self.keySet.keys.isEmpty else {
            throw APIError(status: .notFound, detail: "No key set: this server signs with a shared secret (JWT_ALGORITHM)")
        }
    }
}

/// RFC 7517's JWK Set.
struct JSONWebKeySet: ResponseEncodable, Decodable, Equatable {
    let keys: [PublicJWK]
}
