import Crypto
import JWTKit
import Logging

extension JWTKeyCollection {
    /// Keys for the configured algorithm. Without a configured key (development only, `Settings.validate`
    /// refuses it in production) an ephemeral key is made, and tokens stop working when the server restarts.
    static func make(for settings: JWTSettings, logger: Logger) async throws -> JWTKeyCollection {
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
        case .es256:
            if let pem = settings.privateKeyPEM {
                guard let key = try? ES256PrivateKey(pem: pem) else {
                    throw SettingsError("JWT_PRIVATE_KEY is not a PEM P-256 private key")
                }
                await keys.add(ecdsa: key)
            } else {
                logger.warning("JWT_PRIVATE_KEY is not set: using an ephemeral ES256 key, tokens will not survive a restart")
                await keys.add(ecdsa: ES256PrivateKey())
            }
        case .eddsa:
            if let pem = settings.privateKeyPEM {
                guard let key = try? EdDSA.PrivateKey(pem: pem) else {
                    throw SettingsError("JWT_PRIVATE_KEY is not a PEM Ed25519 private key")
                }
                await keys.add(eddsa: key)
            } else {
                logger.warning("JWT_PRIVATE_KEY is not set: using an ephemeral EdDSA key, tokens will not survive a restart")
                await keys.add(eddsa: try EdDSA.PrivateKey())
            }
        }
        return keys
    }
}
