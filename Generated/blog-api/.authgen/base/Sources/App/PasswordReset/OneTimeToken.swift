import Crypto
import Foundation

/// A token sent by mail (password reset, email verification, invitation): 32 random bytes, base64url-encoded for
/// the link. Only its SHA-256 is stored, so a copy of the database cannot be used to take over an account.
struct OneTimeToken: Sendable {
    static let byteCount = 32

    /// What the mail carries.
    let value: String
    /// What the database keeps.
    let digest: String

    static func generate() -> OneTimeToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<Self.byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let value = Base64URL.encode(bytes)
        return OneTimeToken(value: value, digest: Self.digest(of: value))
    }

    static func digest(of value: String) -> String {
        SHA256.hash(data: Array(value.utf8)).hexEncoded
    }
}
