import Crypto

/// The key a rate-limit counter or a failed-login count is stored under: a kind, then the SHA-256 of the values.
/// However long a username a client sends, the key has the same short length, so it always fits the index.
enum CounterKey {
    static func of(_ kind: String, _ values: String...) -> String {
        // Each value with its length in front, so that no two lists of values give the same text.
        let text = values.map { "\($0.utf8.count):\($0)" }.joined()
        return "\(kind):\(SHA256.hash(data: Array(text.utf8)).hexEncoded)"
    }
}
