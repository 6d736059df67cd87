import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

@testable import App

/// `JWT_PRIVATE_KEYS`: the first key signs and names itself in every token's `kid`, every key verifies, and a key
/// removed from the list stops verifying. Tried from the outside: tokens presented to `/auth/me` of servers
/// restarted with another key list on the same database.
@Suite("Signing keys and their rotation")
struct SigningKeyTests {
    /// A new private key of `algorithm` and its RFC 7638 thumbprint, computed here from the public key's bytes.
    struct Key {
        let pem: String
        let thumbprint: String
        let sign: @Sendable (Data) throws -> Data

        init(_ algorithm: SigningAlgorithm) {
            switch algorithm {
            case .es256:
                let key = P256.Signing.PrivateKey()
                let point = key.publicKey.x963Representation
                let x = Base64URL.encode(point[1...32])
                let y = Base64URL.encode(point[33...64])
                self.pem = key.pemRepresentation
                self.thumbprint = Self.thumbprint(#"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#)
                self.sign = { try key.signature(for: $0).rawRepresentation }
            default:
                let key = Curve25519.Signing.PrivateKey()
                let x = Base64URL.encode(key.publicKey.rawRepresentation)
                self.pem = Self.pem(ofEd25519Seed: key.rawRepresentation)
                self.thumbprint = Self.thumbprint(#"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#)
                self.sign = { try key.signature(for: $0) }
            }
        }

        static func thumbprint(_ members: String) -> String {
            Base64URL.encode(Data(SHA256.hash(data: Data(members.utf8))))
        }

        /// PKCS #8 (RFC 8410): a fixed prefix, then the 32-byte seed.
        static func pem(ofEd25519Seed seed: Data) -> String {
            let der = Data([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]) + seed
            return "-----BEGIN PRIVATE KEY-----\n\(der.base64EncodedString())\n-----END PRIVATE KEY-----\n"
        }
    }

    static let algorithms: [SigningAlgorithm] = [.es256, .eddsa]

    static func header(of token: String) throws -> [String: String] {
        let data = try #require(Base64URL.decode(token.split(separator: ".")[0]))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
    }

    /// Signs `payload` of `token` again with `key`, under a header that names `kid` (or none).
    static func resign(_ token: String, with key: Key, algorithm: SigningAlgorithm, kid: String?) throws -> String {
        var header = ["alg": algorithm.rawValue, "typ": "JWT"]
        header["kid"] = kid
        let head = Base64URL.encode(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        let input = "\(head).\(token.split(separator: ".")[1])"
        return "\(input).\(Base64URL.encode(try key.sign(Data(input.utf8))))"
    }

    /// Runs `body` with one fresh database, removed afterwards.
    static func onOneDatabase(_ database: TestDatabase, _ body: (DatabaseLocation) async throws -> Void) async throws {
        try await PostgresTestSlots.holding(on: database) {
            let location = try database.makeFreshLocation()
            do {
                try await body(location)
            } catch {
                try await TestDatabase.remove(location)
                throw error
            }
            try await TestDatabase.remove(location)
        }
    }

    /// Starts the server on `location` with `JWT_PRIVATE_KEYS` = `keys` (as a restart after editing the list would)
    /// and runs `test` against it.
    @discardableResult
    static func serve<Result: Sendable>(
        _ location: DatabaseLocation, _ algorithm: SigningAlgorithm, keys: [Key],
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Result
    ) async throws -> Result {
        let (app, _) = try await makeApp(
            on: location, with: [.set(\.jwt.algorithm, algorithm), .set(\.jwt.privateKeys, keys.map(\.pem))]
        )
        return try await app.test(.router) { client in try await test(client) }
    }

    @Test(arguments: TestDatabase.available, Self.algorithms)
    func accessTokensNameTheirSigningKeyByItsThumbprint(database: TestDatabase, algorithm: SigningAlgorithm) async throws {
        let signing = Key(algorithm)
        let other = Key(algorithm)
        try await withApp(
            on: database, with: .set(\.jwt.algorithm, algorithm), .set(\.jwt.privateKeys, [signing.pem, other.pem])
        ) { client, _ in
            let tokens = try await client.signUp("named")
            for token in [tokens.accessToken, tokens.refreshToken] {
                #expect(try Self.header(of: token) == ["alg": algorithm.rawValue, "typ": "JWT", "kid": signing.thumbprint])
            }
            #expect(try await client.me(tokens.accessToken).status == .ok)
        }
    }

    /// The rotation the README describes: add a new key first, restart; once the old key's tokens have expired,
    /// remove it, restart. Between the two, the old key's tokens still work; after, they do not.
    @Test(arguments: TestDatabase.available, Self.algorithms)
    func aTokenSignedBeforeARotationVerifiesAfterItAndNotOnceItsKeyIsRemoved(
        database: TestDatabase, algorithm: SigningAlgorithm
    ) async throws {
        let old = Key(algorithm)
        let new = Key(algorithm)
        try await Self.onOneDatabase(database) { location in
            let before = try await Self.serve(location, algorithm, keys: [old]) { client in
                try await client.signUp("rotated")
            }
            #expect(try Self.header(of: before.accessToken)["kid"] == old.thumbprint)
            let after = try await Self.serve(location, algorithm, keys: [new, old]) { client in
                #expect(try await client.me(before.accessToken).status == .ok)
                let refreshed = try await client.refresh(before.refreshToken)
                #expect(refreshed.status == .ok)
                let tokens = try refreshed.decode(TokenResponse.self)
                #expect(try Self.header(of: tokens.accessToken)["kid"] == new.thumbprint)
                #expect(try await client.me(tokens.accessToken).status == .ok)
                return tokens
            }
            try await Self.serve(location, algorithm, keys: [new]) { client in
                TokenTests.expectInvalid(try await client.me(before.accessToken))
                #expect(try await client.me(after.accessToken).status == .ok)
            }
        }
    }

    /// A token that names no key was signed before the server named its keys: after a rotation, the old key still
    /// verifies it; a key the server never had does not, whatever `kid` the token claims.
    @Test(arguments: TestDatabase.available, Self.algorithms)
    func onlyTheServersKeysVerifyWhateverTheHeaderSays(database: TestDatabase, algorithm: SigningAlgorithm) async throws {
        let old = Key(algorithm)
        let new = Key(algorithm)
        let stranger = Key(algorithm)
        try await Self.onOneDatabase(database) { location in
            let issued = try await Self.serve(location, algorithm, keys: [old]) { client in
                try await client.signUp("unnamed")
            }
            try await Self.serve(location, algorithm, keys: [new, old]) { client in
                let unnamed = try Self.resign(issued.accessToken, with: old, algorithm: algorithm, kid: nil)
                #expect(try await client.me(unnamed).status == .ok)
                for kid in [nil, stranger.thumbprint, old.thumbprint, new.thumbprint] {
                    let forged = try Self.resign(issued.accessToken, with: stranger, algorithm: algorithm, kid: kid)
                    TokenTests.expectInvalid(try await client.me(forged))
                }
            }
        }
    }

    @Test func theKeyListIsReadFromTheEnvironment() throws {
        let first = Key(.es256)
        let second = Key(.es256)
        let oneLine = PrivateKeyList.environmentValue([first.pem, second.pem]).dropFirst().dropLast()
        #expect(!oneLine.contains("\n"))
        for value in [first.pem + second.pem, Self.trimmed(first.pem) + #"\n"# + second.pem, String(oneLine)] {
            let settings = try Settings(environment: ["JWT_ALGORITHM": "ES256", "JWT_PRIVATE_KEYS": value])
            #expect(settings.jwt.privateKeys.map(Self.trimmed) == [first.pem, second.pem].map(Self.trimmed))
        }
        let single = try Settings(environment: ["JWT_ALGORITHM": "ES256", "JWT_PRIVATE_KEY": first.pem])
        #expect(single.jwt.privateKeys.map(Self.trimmed) == [Self.trimmed(first.pem)])
        for refused: [String: String] in [
            ["JWT_PRIVATE_KEYS": first.pem, "JWT_PRIVATE_KEY": second.pem],
            ["JWT_PRIVATE_KEYS": first.pem + ", not a key"],
            ["JWT_PRIVATE_KEYS": "-----BEGIN PRIVATE KEY-----\nMC4C"],
        ] {
            #expect(throws: SettingsError.self) { try Settings(environment: Environment(values: refused)) }
        }
    }

    @Test func aKeyOfAnotherAlgorithmOrTheSameKeyTwiceIsRefusedAtStart() async throws {
        let p256 = Key(.es256)
        let ed25519 = Key(.eddsa)
        var settings = Settings.forTesting(database: .sqlite(path: "unused.sqlite")).jwt
        settings.algorithm = .eddsa
        for keys in [[ed25519.pem, p256.pem], [ed25519.pem, ed25519.pem]] {
            settings.privateKeys = keys
            await #expect(throws: SettingsError.self) { try await SigningKeys.make(for: settings, logger: .init(label: "tests")) }
        }
    }

    static func trimmed(_ pem: String) -> String {
        pem.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite("keys rotate and keys retire")
struct KeyRotationTests {
    @Test(arguments: SigningKeyTests.algorithms)
    func rotatePutsANewKeyFirstAndRetireRemovesTheOldest(algorithm: SigningAlgorithm) async throws {
        let current = SigningKeyTests.Key(algorithm)
        let rotated = try KeyRotation.rotated([current.pem], algorithm: algorithm)
        #expect(rotated.count == 2)
        #expect(rotated[1] == current.pem)
        // The printed line, read back as the server reads it, is the same list, and every key of it loads.
        let line = PrivateKeyList.environmentValue(rotated)
        let settings = try Settings(environment: ["JWT_ALGORITHM": algorithm.rawValue, "JWT_PRIVATE_KEYS": String(line.dropFirst().dropLast())])
        #expect(settings.jwt.privateKeys.map(SigningKeyTests.trimmed) == rotated.map(SigningKeyTests.trimmed))
        let keys = try await SigningKeys.make(for: settings.jwt, logger: .init(label: "tests"))
        #expect(keys.publicKeys.map(\.kid).last == current.thumbprint)
        #expect(keys.signingKeyID != current.thumbprint)
        #expect(try KeyRotation.retired(rotated) == [rotated[0]])
        #expect(throws: SettingsError.self) { try KeyRotation.retired([rotated[0]]) }
    }

    @Test(arguments: [SigningAlgorithm.hs256, .hs384, .hs512])
    func anHMACSecretHasNoKeyListToRotate(algorithm: SigningAlgorithm) {
        #expect(throws: SettingsError.self) { try KeyRotation.rotated([], algorithm: algorithm) }
    }
}
