import Foundation
import HummingbirdOTP

/// RFC 6238 codes (6 digits, 30-second steps, SHA-1: what authenticator apps use) through HummingbirdOTP.
struct TOTPCodes: Sendable {
    static let stepSeconds = 30
    static let digits = 6

    let secret: String

    /// The step of `date`: seconds since 1970 over 30.
    static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(stepSeconds)).rounded(.down))
    }

    /// The code of `step` (0 or later), with its leading zeros.
    func code(atStep step: Int64) -> String {
        let totp = TOTP(secret: self.secret, length: Self.digits, timeStep: Self.stepSeconds)
        let value = totp.compute(date: Date(timeIntervalSince1970: TimeInterval(step * Int64(Self.stepSeconds))))
        let digits = String(value)
        return String(repeating: "0", count: max(0, Self.digits - digits.count)) + digits
    }

    /// The step whose code `code` is, among the one of `now` and one either side (clocks drift), or nil.
    func matchingStep(of code: String, at now: Date) -> Int64? {
        let presented = code.filter { !$0.isWhitespace }
        guard presented.count == Self.digits, presented.allSatisfy(\.isASCII), presented.allSatisfy(\.isNumber) else { return nil }
        let current = Self.step(at: now)
        // Every candidate is computed and compared, so that the time taken says nothing about which one matched.
        var matched: Int64?
        for step in [current - 1, current, current + 1] where step >= 0 && OneTimeComparison.equal(self.code(atStep: step), presented) {
            matched = step
        }
        return matched
    }

    /// The `otpauth://` URI an authenticator app reads (from a QR code): issuer and account in its label.
    func authenticatorURI(issuer: String, account: String) -> String {
        TOTP(secret: self.secret, length: Self.digits, timeStep: Self.stepSeconds)
            .createAuthenticatorURL(label: "\(issuer):\(account)", issuer: issuer)
    }

    /// The secret in base32 without padding, as typed into an app by hand.
    var base32Secret: String { Base32.encode(Array(self.secret.utf8)) }

    /// A new secret: 32 random letters and digits (about 190 bits); the key is their UTF-8 bytes.
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

/// Compares two codes in time that depends on their length only.
enum OneTimeComparison {
    static func equal(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// RFC 4648 base32, without padding.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(self.alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 {
            output.append(self.alphabet[(buffer << (5 - bits)) & 31])
        }
        return output
    }
}
