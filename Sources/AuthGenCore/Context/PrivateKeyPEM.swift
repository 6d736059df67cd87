import Foundation

/// The signing key written into a new `.env` for ES256 or EdDSA, made without a cryptography library: either
/// private key is 32 random bytes in a fixed DER frame, and the server derives the public key when it loads it.
package enum PrivateKeyPEM {
    /// The order of P-256 (SEC 2): a private key is a number from 1 to n - 1.
    private static let p256Order: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ]

    /// A PEM private key for `algorithm` from `randomBytes` (32 bytes each call), or nil for an HMAC algorithm.
    package static func make(for algorithm: Spec.Auth.JWT.Algorithm, randomBytes: () -> [UInt8]) -> String? {
        switch algorithm {
        case .hs256, .hs384, .hs512:
            return nil
        case .es256:
            // Drawn again in the rare case (about 2^-32) that the bytes are not below the order.
            var scalar = randomBytes()
            while scalar.allSatisfy({ $0 == 0 }) || !scalar.lexicographicallyPrecedes(p256Order) {
                scalar = randomBytes()
            }
            // SEC 1 ECPrivateKey (RFC 5915): version 1, the key, the curve prime256v1; the public key is optional.
            let der: [UInt8] = [0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20] + scalar
                + [0xA0, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
            return pem(der, label: "EC PRIVATE KEY")
        case .eddsa:
            // PKCS #8 OneAsymmetricKey for Ed25519 (RFC 8410): a fixed prefix, then the 32-byte seed.
            let der: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
                + randomBytes()
            return pem(der, label: "PRIVATE KEY")
        }
    }

    /// The value of `JWT_PRIVATE_KEYS` in `.env`: one line in double quotes, line breaks written `\n`.
    package static func environmentValue(_ pem: String) -> String {
        "\"" + pem.split(separator: "\n").joined(separator: #"\n"#) + "\""
    }

    private static func pem(_ der: [UInt8], label: String) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n")
    }
}
