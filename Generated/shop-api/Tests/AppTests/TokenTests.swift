import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Testing

@testable import App

@Suite("Access tokens that must be refused")
struct TokenTests {
    static let invalidToken = #"Bearer error="invalid_token""#

    /// Signs `claims` with `key` under `digest`, whatever the server is configured with.
    static func sign(
        _ claims: TokenClaims,
        secret: String = TestValues.secretKey,
        digest: DigestAlgorithm = .sha256
    )
        async throws -> String
    {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: Array(secret.utf8)), digestAlgorithm: digest)
        return try await keys.sign(claims)
    }

    /// Claims the server would issue for this user, to alter one at a time.
    static func claims(of token: String) throws -> TokenClaims {
        let payload = try #require(Base64URL.decode(token.split(separator: ".")[1]))
        return try JSONDecoder().decode(TokenClaims.self, from: payload)
    }

    static func expectInvalid(_ response: TestResponse) {
        #expect(response.status == .unauthorized)
        #expect(response.headers[.wwwAuthenticate] == invalidToken)
        #expect(response.detail == "Could not validate credentials")
    }

    /// `verify` skips decoding the header of tokens that start with the server's own header segment: the tokens it
    /// issues must start with one, or the shortcut never applies.
    @Test func issuedTokensStartWithTheServersOwnHeader() async throws {
        let settings = Settings.forTesting(database: .sqlite(path: "unused.sqlite")).jwt
        let tokens = TokenService(keys: try await SigningKeys.make(for: settings, logger: Logger(label: "tests")), settings: settings)
        let user = User(
            id: 1, email: "ana@example.com", username: "ana", fullName: nil, passwordHash: "-", isActive: true,
            isSuperuser: false, createdAt: Date()
        )
        for _ in 0..<20 {
            let issued = try await tokens.issue(for: user, session: "session")
            #expect(tokens.ownHeaderSegments.contains { issued.accessToken.hasPrefix($0) })
            #expect(try await tokens.verify(issued.accessToken, as: .access).sub.value == "ana")
        }
    }

    /// The `amr` claim says how the session's user logged in: the password alone at `POST /auth/token`, and a refresh
    /// keeps what the session began with (a session begun with a second factor stays one).
    @Test(arguments: TestDatabase.available)
    func tokensSayHowTheUserLoggedInAndRefreshKeepsIt(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("amira")
            #expect(try Self.claims(of: tokens.accessToken).amr == ["pwd"])
            #expect(try Self.claims(of: tokens.refreshToken).amr == ["pwd"])
            let refreshed = try await client.refresh(tokens.refreshToken)
            #expect(refreshed.status == .ok)
            #expect(try Self.claims(of: try refreshed.decode(TokenResponse.self).accessToken).amr == ["pwd"])
        }
        let settings = Settings.forTesting(database: .sqlite(path: "unused.sqlite")).jwt
        let tokens = TokenService(keys: try await SigningKeys.make(for: settings, logger: Logger(label: "tests")), settings: settings)
        let user = User(
            id: 1, email: "ana@example.com", username: "ana", fullName: nil, passwordHash: "-", isActive: true,
            isSuperuser: false, createdAt: Date()
        )
        let issued = try await tokens.issue(for: user, session: "session", methods: ["pwd", "otp"])
        #expect(try await tokens.verify(issued.accessToken, as: .access).amr == ["pwd", "otp"])
        #expect(issued.refreshClaims.amr == ["pwd", "otp"])
    }

    @Test(arguments: TestDatabase.available)
    func expiredToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("erin")
            var claims = try Self.claims(of: tokens.accessToken)
            claims.iat = IssuedAtClaim(value: Date().addingTimeInterval(-3600))
            claims.exp = ExpirationClaim(value: Date().addingTimeInterval(-1))
            Self.expectInvalid(try await client.me(try await Self.sign(claims)))
        }
    }

    @Test(arguments: TestDatabase.available)
    func tamperedToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("frank")
            var claims = try Self.claims(of: tokens.accessToken)
            claims.sub = SubjectClaim(value: "admin")
            let forged = try Base64URL.encode(JSONEncoder().encode(claims))
            let parts = tokens.accessToken.split(separator: ".")
            Self.expectInvalid(try await client.me("\(parts[0]).\(forged).\(parts[2])"))

            var signature = Array(parts[2])
            signature[4] = signature[4] == "A" ? "B" : "A"
            Self.expectInvalid(try await client.me("\(parts[0]).\(parts[1]).\(String(signature))"))
            Self.expectInvalid(try await client.me("not-a-token"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func tokenSignedWithAnotherKey(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("grace")
            let claims = try Self.claims(of: tokens.accessToken)
            let forged = try await Self.sign(claims, secret: String(TestValues.secretKey.reversed()))
            Self.expectInvalid(try await client.me(forged))
        }
    }

    @Test(arguments: TestDatabase.available)
    func algorithmConfusion(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("heidi")
            let claims = try Self.claims(of: tokens.accessToken)
            // The right secret under another HMAC algorithm.
            Self.expectInvalid(try await client.me(try await Self.sign(claims, digest: .sha512)))
            // alg "none", with and without the original signature.
            let payload = tokens.accessToken.split(separator: ".")[1]
            for alg in ["none", "None", "NONE"] {
                let header = Base64URL.encode(Data(#"{"alg":"\#(alg)","typ":"JWT"}"#.utf8))
                Self.expectInvalid(try await client.me("\(header).\(payload)."))
                Self.expectInvalid(
                    try await client.me("\(header).\(payload).\(tokens.accessToken.split(separator: ".")[2])")
                )
            }
            // A key id the server never issued.
            let kidHeader = Base64URL.encode(Data(#"{"alg":"HS256","typ":"JWT","kid":"other"}"#.utf8))
            Self.expectInvalid(try await client.me("\(kidHeader).\(payload).\(tokens.accessToken.split(separator: ".")[2])"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongIssuerOrAudience(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("ivan")
            var wrongIssuer = try Self.claims(of: tokens.accessToken)
            wrongIssuer.iss = IssuerClaim(value: "someone-else")
            Self.expectInvalid(try await client.me(try await Self.sign(wrongIssuer)))
            var wrongAudience = try Self.claims(of: tokens.accessToken)
            wrongAudience.aud = AudienceClaim(value: ["another-api"])
            Self.expectInvalid(try await client.me(try await Self.sign(wrongAudience)))
        }
    }

    @Test(arguments: TestDatabase.available)
    func refreshTokenIsNotAnAccessToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("judy")
            Self.expectInvalid(try await client.me(tokens.refreshToken))
            Self.expectInvalid(try await client.logout(tokens.refreshToken))
        }
    }

    @Test(arguments: TestDatabase.available)
    func accessTokenIsNotARefreshToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let tokens = try await client.signUp("ken")
            let response = try await client.refresh(tokens.accessToken)
            #expect(response.status == .unauthorized)
            #expect(response.detail == "Could not validate credentials")
            let garbage = try await client.refresh("garbage")
            #expect(garbage.status == .unauthorized)
        }
    }

    @Test(arguments: [SigningAlgorithm.hs384, .hs512, .es256, .eddsa])
    func everyAlgorithmIssuesAndVerifies(algorithm: SigningAlgorithm) async throws {
        try await withApp(on: .sqlite, with: .set(\.jwt.algorithm, algorithm)) { client, _ in
            let tokens = try await client.signUp("leo")
            let header = try #require(Base64URL.decode(tokens.accessToken.split(separator: ".")[0]))
            let alg = try JSONDecoder().decode([String: String].self, from: header)["alg"]
            #expect(alg == algorithm.rawValue)
            #expect(try await client.me(tokens.accessToken).status == .ok)
            #expect(try await client.refresh(tokens.refreshToken).status == .ok)
            // An HS256 token made with the secret is refused when the server signs with another algorithm.
            Self.expectInvalid(try await client.me(try await Self.sign(try Self.claims(of: tokens.accessToken))))
        }
    }
}
