import Crypto
import Foundation

/// A public signing key as a JSON Web Key (RFC 7517), named by its RFC 7638 thumbprint.
struct PublicJWK: Codable, Sendable, Equatable {
    var kty: String
    var crv: String
    var x: String
    var y: String?
    var kid: String
    var alg: String
    var use: String

    /// A P-256 key for ES256; `x` and `y` base64url, as jwt-kit gives them.
    static func ec(x: String, y: String) -> PublicJWK {
        let x = Self.unpadded(x)
        let y = Self.unpadded(y)
        // RFC 7638: the required members only, in lexicographic order, no whitespace.
        let members = #"{"crv":"P-256","kty":"EC","x":"\#(x)","y":"\#(y)"}"#
        return PublicJWK(kty: "EC", crv: "P-256", x: x, y: y, kid: Self.thumbprint(of: members), alg: "ES256", use: "sig")
    }

    /// An Ed25519 key for EdDSA (RFC 8037).
    static func okp(x: String) -> PublicJWK {
        let x = Self.unpadded(x)
        let members = #"{"crv":"Ed25519","kty":"OKP","x":"\#(x)"}"#
        return PublicJWK(kty: "OKP", crv: "Ed25519", x: x, y: nil, kid: Self.thumbprint(of: members), alg: "EdDSA", use: "sig")
    }

    private static func thumbprint(of members: String) -> String {
        Base64URL.encode(Data(SHA256.hash(data: Data(members.utf8))))
    }

    private static func unpadded(_ text: String) -> String {
        text.replacingOccurrences(of: "=", with: "")
    }
}
