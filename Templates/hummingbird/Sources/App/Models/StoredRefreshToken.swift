import Foundation

/// A refresh token as the database keeps it: its SHA-256 digest, never the token.
struct StoredRefreshToken: Sendable, Equatable {
    let digest: String
    let userID: Int64
    let sessionID: String
    let expiresAt: Date
}
