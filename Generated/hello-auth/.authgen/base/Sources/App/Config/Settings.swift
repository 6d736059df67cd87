import Logging

enum AppEnvironment: String, Sendable {
    case development
    case production
    case testing
}

struct Settings: Sendable {
    var environment: AppEnvironment
    var host: String
    var port: Int
    var apiPrefix: String
    var database: DatabaseLocation
    /// How long the answer of an authenticated request's session check is kept in this process (0: every request
    /// asks the database). The process's own revocations always take effect at once.
    var sessionCacheSeconds: Int
    /// How long requests in flight may still run after SIGTERM before they are cancelled and the process exits.
    var shutdownGraceSeconds: Int
    var jwt: JWTSettings
    var passwordPolicy: PasswordPolicy
    var bcryptCost: Int
    var registrationOpen: Bool
    var rateLimits: RateLimitSettings
    var lockout: LockoutSettings
    /// Peers whose `X-Forwarded-For` is read; empty: the socket peer is always the client.
    var trustedProxies: [IPRange]
    /// Larger request bodies are refused with 413.
    var maxBodySize: Int
    var cors: CORSSettings
    var httpsOnly: Bool
    var hsts: Bool
    var logLevel: Logger.Level
    var docs: DocsSettings
    /// How often the server deletes expired and revoked rows (sessions, refresh tokens, counters); 0: never.
    var purgeIntervalSeconds: Int = SpecDefaults.purgeIntervalSeconds
    /// Whether `POST /auth/refresh` also reads the refresh token from the query string, where logs keep it.
    var refreshTokenInQuery: Bool = SpecDefaults.refreshTokenInQuery
    /// A connection that sends nothing (no new request, no next part of one) for this long is closed.
    var httpIdleTimeout: Int = 30
}

struct JWTSettings: Sendable {
    var algorithm: SigningAlgorithm
    /// HMAC secret, used as the raw bytes of the string (as PyJWT and python-jose do).
    var secretKey: String?
    /// PEM private keys for ES256 and EdDSA (`JWT_PRIVATE_KEYS`): the first signs, every one verifies.
    var privateKeys: [String] = []
    var issuer: String
    var audience: String
    var accessTokenTTL: Int
    var refreshTokenTTL: Int
    /// How long a login lasts at most: no token of it outlives this, and a refresh after it is refused.
    var sessionMaxLifetime: Int = SpecDefaults.sessionMaxLifetimeSeconds
}

struct RateLimitSettings: Sendable {
    var enabled: Bool
    var login: RateLimitRule
    var register: RateLimitRule
    /// Per session and per client address.
    var refresh = RateLimitRule(limit: SpecDefaults.refreshRateLimit, windowSeconds: SpecDefaults.refreshRateWindowSeconds)
}

/// Failed logins per username and client address: `after` in a row (0 = lockout off) lock the username for that
/// address for `seconds`. Failures from every address together delay each login of the username, by `maxDelay` at most.
struct LockoutSettings: Sendable {
    var after: Int
    var seconds: Int
    var maxDelay: Duration = .seconds(2)

    var enabled: Bool { self.after > 0 }
}

struct RateLimitRule: Sendable {
    var limit: Int
    var windowSeconds: Int
}

/// The Swagger UI page: served or not, and where its pinned files are loaded from.
struct DocsSettings: Sendable {
    var enabled: Bool
    /// The folder URL holding `swagger-ui-bundle.js` and `swagger-ui.css`, without a trailing '/'.
    var assetsURL: String
}

struct CORSSettings: Sendable {
    var allowOrigins: [String]
    var allowCredentials: Bool
}
