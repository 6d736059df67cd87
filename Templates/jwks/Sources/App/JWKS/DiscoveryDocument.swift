import Hummingbird

/// The subset of OpenID Connect Discovery 1.0 that applies to this server: it issues access tokens at its token
/// endpoint and publishes the keys that verify them (no ID tokens, no authorization endpoint).
struct DiscoveryDocument: ResponseEncodable, Decodable, Equatable {
    let issuer: String
    let jwksURI: String
    let tokenEndpoint: String
    let idTokenSigningAlgValuesSupported: [String]

    enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
        case tokenEndpoint = "token_endpoint"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
    }
}

/// Makes the discovery document with absolute URLs: under `JWKS_PUBLIC_BASE_URL` when it is set, else under the scheme
/// and `Host` of the request (https when production refuses plain HTTP), which any client may set: such a document is
/// answered `Cache-Control: no-store`.
struct DiscoveryDocumentMaker: Sendable {
    let issuer: String
    let algorithm: String
    let apiPrefix: String
    let publicBaseURL: String
    let httpsOnly: Bool

    /// Whether the URLs come from the request (no `JWKS_PUBLIC_BASE_URL`).
    var dependsOnTheRequest: Bool { self.publicBaseURL.isEmpty }

    func document(for request: Request) -> DiscoveryDocument {
        let base = self.baseURL(for: request)
        return DiscoveryDocument(
            issuer: self.issuer,
            jwksURI: "\(base)/.well-known/jwks.json",
            tokenEndpoint: "\(base)\(self.apiPrefix)/auth/token",
            idTokenSigningAlgValuesSupported: [self.algorithm]
        )
    }

    private func baseURL(for request: Request) -> String {
        if !self.publicBaseURL.isEmpty {
            return self.publicBaseURL.hasSuffix("/") ? String(self.publicBaseURL.dropLast()) : self.publicBaseURL
        }
        let host = request.head.authority ?? "localhost"
        return "\(self.httpsOnly ? "https" : "http")://\(host)"
    }
}
