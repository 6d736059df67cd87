import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// Tokens an attacker makes by hand: each is sent over HTTP and must be answered 401, never 500.
@Suite("Token attacks")
struct TokenAttackTests {
    /// A JWT with any header and payload, signed with HMAC-SHA256 under `secret` (nil: no signature at all).
    static func forge(header: [String: Any], payload: [String: Any], secret: [UInt8]?) throws -> String {
        let head = Base64URL.encode(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        let body = Base64URL.encode(try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]))
        let input = "\(head).\(body)"
        guard let secret else { return "\(input)." }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: secret))
        return "\(input).\(Base64URL.encode(Data(mac)))"
    }

    /// The payload of a token the server issued, to change one claim at a time.
    static func payload(of token: String) throws -> [String: Any] {
        let data = try #require(Base64URL.decode(token.split(separator: ".")[1]))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static let secret = Array(TestValues.secretKey.utf8)
    static var header: [String: Any] { ["alg": "HS256", "typ": "JWT"] }

    /// Signs in, checks that a correctly forged copy of the access token is accepted (so that each attack below
    /// changes only one thing), then sends the attack's token to `/me`.
    static func expectRefused(
        on database: TestDatabase,
        _ username: String,
        attack: @escaping @Sendable (_ accessToken: String, _ payload: [String: Any]) throws -> String
    ) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp(username)
            let payload = try Self.payload(of: tokens.accessToken)
            let control = try Self.forge(header: Self.header, payload: payload, secret: Self.secret)
            #expect(try await client.me(control).status == .ok)
            TokenTests.expectInvalid(try await client.me(try attack(tokens.accessToken, payload)))
        }
    }

    @Test(arguments: TestDatabase.available, ["none", "None", "NONE", "nOnE"])
    func algNone(database: TestDatabase, alg: String) async throws {
        try await Self.expectRefused(on: database, "alg_none") { _, payload in
            try Self.forge(header: ["alg": alg, "typ": "JWT"], payload: payload, secret: nil)
        }
    }

    @Test(arguments: TestDatabase.available, ["none", "None", "NONE", "nOnE"])
    func algNoneWithAValidSignature(database: TestDatabase, alg: String) async throws {
        try await Self.expectRefused(on: database, "alg_none_signed") { token, payload in
            let unsigned = try Self.forge(header: ["alg": alg, "typ": "JWT"], payload: payload, secret: nil)
            return unsigned + token.split(separator: ".")[2]
        }
    }

    @Test(arguments: TestDatabase.available)
    func strippedSignature(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "stripped") { token, _ in
            let parts = token.split(separator: ".")
            return "\(parts[0]).\(parts[1])."
        }
    }

    @Test(arguments: TestDatabase.available)
    func signedWithAnotherKey(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "other_key") { _, payload in
            try Self.forge(header: Self.header, payload: payload, secret: Array(String(TestValues.secretKey.reversed()).utf8))
        }
    }

    @Test(arguments: TestDatabase.available)
    func unknownKeyID(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "kid") { _, payload in
            try Self.forge(header: ["alg": "HS256", "typ": "JWT", "kid": "attacker-key"], payload: payload, secret: Self.secret)
        }
    }

    @Test(arguments: TestDatabase.available, ["jku", "jwk", "x5u"])
    func keyLocationHeaders(database: TestDatabase, name: String) async throws {
        try await Self.expectRefused(on: database, "header_\(name)") { _, payload in
            var header = Self.header
            if name == "jwk" {
                header[name] = ["kty": "oct", "k": Base64URL.encode(Data(Self.secret))]
            } else {
                header[name] = "https://attacker.example/keys"
            }
            return try Self.forge(header: header, payload: payload, secret: Self.secret)
        }
    }

    @Test(arguments: TestDatabase.available)
    func missingExpiry(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "no_exp") { _, payload in
            var claims = payload
            claims["exp"] = nil
            return try Self.forge(header: Self.header, payload: claims, secret: Self.secret)
        }
    }

    @Test(arguments: TestDatabase.available)
    func notBeforeInTheFuture(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "future_nbf") { _, payload in
            var claims = payload
            claims["nbf"] = Int(Date().timeIntervalSince1970) + 3600
            return try Self.forge(header: Self.header, payload: claims, secret: Self.secret)
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongIssuer(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "wrong_iss") { _, payload in
            var claims = payload
            claims["iss"] = "another-issuer"
            return try Self.forge(header: Self.header, payload: claims, secret: Self.secret)
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongAudience(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "wrong_aud") { _, payload in
            var claims = payload
            claims["aud"] = ["another-api"]
            return try Self.forge(header: Self.header, payload: claims, secret: Self.secret)
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongType(database: TestDatabase) async throws {
        try await Self.expectRefused(on: database, "wrong_type") { _, payload in
            var claims = payload
            claims["type"] = "refresh"
            return try Self.forge(header: Self.header, payload: claims, secret: Self.secret)
        }
    }

    /// With ES256, an HS256 token whose HMAC key is the server's public key (algorithm confusion).
    @Test(arguments: TestDatabase.available)
    func hmacSignedWithThePublicKey(database: TestDatabase) async throws {
        let key = P256.Signing.PrivateKey()
        try await withApp(on: database, with: .set(\.jwt.algorithm, .es256), .set(\.jwt.privateKeys, [key.pemRepresentation])) {
            client, _ in
            let tokens = try await client.signUp("confused")
            #expect(try await client.me(tokens.accessToken).status == .ok)
            let payload = try Self.payload(of: tokens.accessToken)
            for publicKey in [key.publicKey.pemRepresentation, key.publicKey.derRepresentation.base64EncodedString()] {
                let forged = try Self.forge(header: Self.header, payload: payload, secret: Array(publicKey.utf8))
                TokenTests.expectInvalid(try await client.me(forged))
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func accessTokenInTheQueryStringIsIgnored(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let tokens = try await client.signUp("query")
            for name in ["access_token", "token", "jwt"] {
                let response = try await client.execute(uri: "\(app.prefix)/me?\(name)=\(tokens.accessToken)", method: .get)
                #expect(response.status == .unauthorized)
                #expect(response.detail == "Not authenticated")
            }
        }
    }
}
