import Crypto
import Foundation
import JWTKit
import Logging

/// The keys that sign and verify this server's tokens. With ES256 or EdDSA: every key of `JWT_PRIVATE_KEYS`, the
/// first signs and all verify, each known by its RFC 7638 thumbprint (`kid`), and their public halves can be
/// published (`publicKeys`). With HS256/384/512: the one `SECRET_KEY`, which has no `kid` and is never published.
struct SigningKeys: Sendable {
    let collection: JWTKeyCollection
    /// The `kid` in the header of every token this server signs; nil with an HMAC secret.
    let signingKeyID: String?
    /// The public keys, the signing key first; empty with an HMAC secret.
    let publicKeys: [PublicJWK]

    init(collection: JWTKeyCollection, publicKeys: [PublicJWK] = []) {
        self.collection = collection
        self.publicKeys = publicKeys
        self.signingKeyID = publicKeys.first?.kid
    }

    /// Whether a token whose header names `kid` may be verified here.
    func knows(keyID kid: String) -> Bool {
        self.publicKeys.contains { $0.kid == kid }
    }

    /// Keys for the configured algorithm. Without a configured key (development only, `Settings.validate`
    /// refuses it in production) an ephemeral key is made, and tokens stop working when the server restarts.
    static func make(for settings: JWTSettings, logger: Logger) async throws -> SigningKeys {
        let keys = JWTKeyCollection()
        switch settings.algorithm {
        case .hs256, .hs384, .hs512:
            let secret: String
            if let configured = settings.secretKey {
                secret = configured
            } else {
                logger.warning("SECRET_KEY is not set: using an ephemeral key, tokens will not survive a restart")
                secret = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.hexEncoded
            }
            let digest: DigestAlgorithm =
                switch settings.algorithm {
                case .hs384: .sha384
                case .hs512: .sha512
                default: .sha256
                }
            await keys.add(hmac: HMACKey(from: Array(secret.utf8)), digestAlgorithm: digest)
            return SigningKeys(collection: keys)
        case .es256, .eddsa:
            var pems = settings.privateKeys
            if pems.isEmpty {
                logger.warning(
                    "JWT_PRIVATE_KEYS is not set: using an ephemeral \(settings.algorithm.rawValue) key, tokens will not survive a restart"
                )
                pems = [try PrivateKeyList.newKey(for: settings.algorithm)]
            }
            var publicKeys: [PublicJWK] = []
            for (index, pem) in pems.enumerated() {
                let publicKey = try await Self.add(pem, number: index + 1, algorithm: settings.algorithm, to: keys)
                // The same key twice would publish one kid twice.
                guard !publicKeys.contains(where: { $0.kid == publicKey.kid }) else {
                    throw SettingsError("JWT_PRIVATE_KEYS holds key \(index + 1) twice")
                }
                publicKeys.append(publicKey)
            }
            return SigningKeys(collection: keys, publicKeys: publicKeys)
        }
    }

    /// Adds one PEM key under its thumbprint (the first added is also the collection's default, which signs).
    private static func add(
        _ pem: String, number: Int, algorithm: SigningAlgorithm, to keys: JWTKeyCollection
    ) async throws -> PublicJWK {
        switch algorithm {
        case .es256:
            guard let key = try? ES256PrivateKey(pem: pem), let point = key.publicKey.parameters else {
                throw SettingsError("JWT_PRIVATE_KEYS: key \(number) is not a PEM P-256 private key")
            }
            let publicKey = PublicJWK.ec(x: point.x, y: point.y)
            await keys.add(ecdsa: key, kid: JWKIdentifier(string: publicKey.kid))
            return publicKey
        default:
            guard let key = try? EdDSA.PrivateKey(pem: pem) else {
                throw SettingsError("JWT_PRIVATE_KEYS: key \(number) is not a PEM Ed25519 private key")
            }
            let publicKey = PublicJWK.okp(x: Base64URL.encode(key.publicKey.rawRepresentation))
            await keys.add(eddsa: key, kid: JWKIdentifier(string: publicKey.kid))
            return publicKey
        }
    }
}
