import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

@testable import App

/// `GET /.well-known/jwks.json` and `GET /.well-known/openid-configuration`, fetched as a resource server would:
/// without a login, at the root, and used to verify the server's access tokens with jwt-kit's `JWKS`.
@Suite("JWKS and discovery")
struct JWKSTests {
    static func keys(_ algorithm: SigningAlgorithm, _ keys: [SigningKeyTests.Key]) -> [SettingsChange] {
        [.set(\.jwt.algorithm, algorithm), .set(\.jwt.privateKeys, keys.map(\.pem))]
    }

    /// What the README's "Verifying tokens in another service" shows a resource server doing, with its claims type
    /// (kept the same as the README's, so that the example is known to compile and work).
    static func verify(_ token: String, with jwks: String) async throws -> AccessClaims {
        let keys = try await JWTKeyCollection().add(jwksJSON: jwks)
        return try await keys.verify(token, as: AccessClaims.self)
    }

    struct AccessClaims: JWTPayload {
        var sub: SubjectClaim
        var exp: ExpirationClaim
        var iss: IssuerClaim
        var aud: AudienceClaim
        var type: String

        func verify(using algorithm: some JWTAlgorithm) throws {
            try self.exp.verifyNotExpired()
            try self.aud.verifyIntendedAudience(includes: SpecDefaults.jwtAudience)
            guard self.iss.value == SpecDefaults.jwtIssuer, self.type == "access" else {
                throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "not an access token of \(SpecDefaults.jwtIssuer)")
            }
        }
    }

    @Test(arguments: TestDatabase.available, SigningKeyTests.algorithms)
    func everyKeyIsPublishedAndVerifiesTheServersTokens(database: TestDatabase, algorithm: SigningAlgorithm) async throws {
        let signing = SigningKeyTests.Key(algorithm)
        let previous = SigningKeyTests.Key(algorithm)
        let changes = Self.keys(algorithm, [signing, previous])
        try await withApp(on: database, with: changes[0], changes[1]) { client, _ in
            let answer = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            #expect(answer.status == .ok)
            #expect(answer.headers[.cacheControl] == "public, max-age=300")
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            let text = String(buffer: answer.body)
            let set = try answer.decode(JSONWebKeySet.self)
            #expect(set.keys.map(\.kid) == [signing.thumbprint, previous.thumbprint])
            for key in set.keys {
                #expect(key.alg == algorithm.rawValue && key.use == "sig")
                #expect(algorithm == .es256 ? (key.kty == "EC" && key.crv == "P-256" && key.y != nil) : (key.kty == "OKP" && key.crv == "Ed25519" && key.y == nil))
            }
            // Public halves only: no member of a private key.
            let members = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [[String: Any]]])
            #expect(members["keys"]?.allSatisfy { Set($0.keys).isSubset(of: ["kty", "crv", "x", "y", "kid", "alg", "use"]) } == true)

            let tokens = try await client.signUp("resource")
            let claims = try await Self.verify(tokens.accessToken, with: text)
            #expect(claims.sub.value == "resource" && claims.type == "access")
            // The README's check refuses a refresh token, signed by the same keys.
            await #expect(throws: (any Error).self) { try await Self.verify(tokens.refreshToken, with: text) }
            // A token of a key the set does not hold does not verify with it.
            let stranger = SigningKeyTests.Key(algorithm)
            let forged = try SigningKeyTests.resign(tokens.accessToken, with: stranger, algorithm: algorithm, kid: signing.thumbprint)
            await #expect(throws: (any Error).self) { try await Self.verify(forged, with: text) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDiscoveryDocumentNamesTheIssuerTheKeysAndTheTokenEndpoint(database: TestDatabase) async throws {
        let changes = Self.keys(.es256, [SigningKeyTests.Key(.es256)])
        try await withApp(on: database, with: changes[0], changes[1]) { client, context in
            let answer = try await client.execute(uri: "/.well-known/openid-configuration", method: .get)
            #expect(answer.status == .ok)
            // Its URLs come from the request's Host, which any client sets (scripts/verify/check_jwks.py sends another
            // through a socket): no shared cache may keep it for others.
            #expect(answer.headers[.cacheControl] == "no-store")
            let document = try answer.decode(DiscoveryDocument.self)
            let tokens = try await client.signUp("discovered")
            #expect(document.issuer == (try TokenTests.claims(of: tokens.accessToken)).iss.value)
            #expect(document.issuer == context.settings.jwt.issuer)
            #expect(document.jwksURI == "http://localhost/.well-known/jwks.json")
            let apiPrefix = context.settings.apiPrefix == "/" ? "" : context.settings.apiPrefix
            #expect(document.tokenEndpoint == "http://localhost\(apiPrefix)/auth/token")
            #expect(document.idTokenSigningAlgValuesSupported == ["ES256"])
            // (The test router's requests all come for Host `localhost`.) The token endpoint it names is the one that logs in.
            let path = String(document.tokenEndpoint.dropFirst("http://localhost".count))
            let login = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=discovered&password=\(TestValues.password)")
            )
            #expect(login.status == .ok)
        }
        try await withApp(on: database, with: changes[0], changes[1], .set(\.jwksPublicBaseUrl, "https://auth.example.com/")) { client, _ in
            let answer = try await client.execute(uri: "/.well-known/openid-configuration", method: .get)
            #expect(answer.headers[.cacheControl] == "public, max-age=300")
            let document = try answer.decode(DiscoveryDocument.self)
            #expect(document.jwksURI == "https://auth.example.com/.well-known/jwks.json")
            #expect(document.tokenEndpoint.hasPrefix("https://auth.example.com/"))
        }
    }

    /// JWT_ALGORITHM overridden to an HMAC algorithm at run time: the secret cannot be published, so nothing is.
    @Test(arguments: TestDatabase.available, [SigningAlgorithm.hs256, .hs384, .hs512])
    func withASharedSecretNothingIsPublished(database: TestDatabase, algorithm: SigningAlgorithm) async throws {
        try await withApp(on: database, with: .set(\.jwt.algorithm, algorithm), .set(\.jwt.secretKey, String(repeating: "k7", count: 32))) {
            client, _ in
            for path in ["/.well-known/jwks.json", "/.well-known/openid-configuration"] {
                let answer = try await client.execute(uri: path, method: .get)
                #expect(answer.status == .notFound)
                #expect(answer.detail == "No key set: this server signs with a shared secret (JWT_ALGORITHM)")
                #expect(!String(buffer: answer.body).contains("k7k7"))
            }
        }
    }

    /// At the root only: not under the API prefix, and no login needed nor demanded.
    @Test(arguments: TestDatabase.available)
    func theRoutesAreAtTheRootAndPublic(database: TestDatabase) async throws {
        let changes = Self.keys(.eddsa, [SigningKeyTests.Key(.eddsa)])
        try await withApp(on: database, with: changes[0], changes[1]) { client, context in
            let prefix = context.settings.apiPrefix == "/" ? "" : context.settings.apiPrefix
            if !prefix.isEmpty {
                #expect(try await client.execute(uri: "\(prefix)/.well-known/jwks.json", method: .get).status == .notFound)
            }
            let withBadToken = try await client.execute(
                uri: "/.well-known/jwks.json", method: .get, headers: [.authorization: "Bearer not-a-token"]
            )
            #expect(withBadToken.status == .ok)
        }
    }
}
