import Foundation
import JWTKit

/// `JWT_PRIVATE_KEYS`: PEM private keys one after the other, the signing key first. Between keys only whitespace.
/// A line break written as the two characters `\n` (as a one-line `.env` value or `docker run -e` needs) counts
/// as a line break.
enum PrivateKeyList {
    private static let begin = "-----BEGIN "
    private static let end = "-----END "

    static func parse(_ value: String, name: String = "JWT_PRIVATE_KEYS") throws -> [String] {
        var rest = Substring(value.replacingOccurrences(of: #"\n"#, with: "\n"))
        var keys: [String] = []
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard !rest.isEmpty else { break }
            guard rest.hasPrefix(Self.begin), let endMarker = rest.range(of: Self.end),
                let close = rest[endMarker.upperBound...].range(of: "-----")
            else {
                throw SettingsError("\(name) must be PEM private keys one after the other (-----BEGIN … -----END …-----)")
            }
            keys.append(String(rest[..<close.upperBound]) + "\n")
            rest = rest[close.upperBound...]
        }
        return keys
    }

    /// The keys as one line for `.env` or an environment variable: in double quotes, line breaks written `\n`.
    static func environmentValue(_ keys: [String]) -> String {
        let joined = keys.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: "\n")
        return "\"" + joined.replacingOccurrences(of: "\n", with: #"\n"#) + "\""
    }

    /// A new private key for `algorithm` (ES256: P-256, EdDSA: Ed25519), as PEM.
    static func newKey(for algorithm: SigningAlgorithm) throws -> String {
        switch algorithm {
        case .es256: ES256PrivateKey().pemRepresentation
        case .eddsa: try EdDSA.PrivateKey().pemRepresentation
        case .hs256, .hs384, .hs512: throw SettingsError("\(algorithm.rawValue) signs with SECRET_KEY, not with private keys")
        }
    }
}
