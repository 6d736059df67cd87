import Crypto

/// Refresh tokens are stored as their SHA-256, so a copy of the database cannot be replayed.
enum RefreshTokenDigest {
    static func of(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexEncoded
    }
}
