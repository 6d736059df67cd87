/// Fresh secrets for generated `.env` files.
package enum SecretGenerator {
    /// 32 random bytes as 64 hex characters. `SystemRandomNumberGenerator` is cryptographically secure on every platform Swift supports.
    @Sendable package static func hexSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            return String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
    }

    /// 32 random bytes, for the private key of a new `.env` (ES256 or EdDSA).
    @Sendable package static func keyBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
