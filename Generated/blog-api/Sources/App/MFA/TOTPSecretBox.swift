import Crypto
import Foundation

/// Encrypts TOTP secrets at rest with AES-GCM, under a key derived with HKDF-SHA256 from `MFA_ENCRYPTION_KEY`, or
/// from `SECRET_KEY` when that is empty. A database dump alone gives no secret away.
struct TOTPSecretBox: Sendable {
    let key: SymmetricKey

    init(settings: Settings) {
        let material = settings.mfaEncryptionKey.isEmpty ? (settings.jwt.secretKey ?? "") : settings.mfaEncryptionKey
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(material.utf8)),
            salt: Data("authgen-mfa".utf8),
            info: Data("totp-secret".utf8),
            outputByteCount: 32
        )
    }

    /// Nonce, ciphertext and tag, base64; `userID` is bound in as associated data, so a row copied to another user
    /// does not open.
    func seal(_ secret: String, userID: Int64) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: self.key, authenticating: Self.associatedData(userID))
        guard let combined = box.combined else { throw TOTPSecretBoxError.cannotSeal }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String, userID: Int64) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw TOTPSecretBoxError.cannotOpen }
        let box = try AES.GCM.SealedBox(combined: data)
        let plain = try AES.GCM.open(box, using: self.key, authenticating: Self.associatedData(userID))
        guard let secret = String(data: plain, encoding: .utf8) else { throw TOTPSecretBoxError.cannotOpen }
        return secret
    }

    private static func associatedData(_ userID: Int64) -> Data {
        Data("user:\(userID)".utf8)
    }
}

enum TOTPSecretBoxError: Error {
    case cannotSeal
    case cannotOpen
}
