import Foundation
import NIOConcurrencyHelpers

/// Tokens that passed every check of `TokenService.verify`, keyed by the exact token, with their claims: a client
/// that presents the same token again skips the signature check and the decoding of the payload. Whether the
/// token's session is still active is not this cache's concern: the authenticator asks the repository every time.
final class VerifiedTokenCache: Sendable {
    private let tokens: NIOLockedValueBox<ExpiringCache<String, TokenClaims>>

    init(capacity: Int = 10_000) {
        self.tokens = NIOLockedValueBox(ExpiringCache(capacity: capacity))
    }

    var count: Int {
        self.tokens.withLockedValue { $0.count }
    }

    /// The claims of `token` if it was verified before and has not expired at `now`.
    func claims(of token: String, now: Date) -> TokenClaims? {
        self.tokens.withLockedValue { $0.value(for: token, now: now) }
    }

    func store(_ claims: TokenClaims, of token: String, now: Date) {
        self.tokens.withLockedValue { $0.insert(claims, for: token, expiresAt: claims.exp.value, now: now) }
    }
}
