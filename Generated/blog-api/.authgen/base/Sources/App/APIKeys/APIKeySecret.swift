import Crypto

/// An API key: the project's prefix, then 32 random bytes in base64url. It is shown once; the database keeps its
/// SHA-256 only, so a copy of the database holds no working key.
enum APIKeySecret {
    /// The project's name without `-`, and `_`: a key never looks like a JWT (it has no dots), and a secret scanner
    /// can recognise a leaked one.
    static let prefix = "blogapi_"

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Self.prefix + Base64URL.encode(bytes)
    }

    static func digest(_ key: String) -> String {
        SHA256.hash(data: Array(key.utf8)).hexEncoded
    }
}
