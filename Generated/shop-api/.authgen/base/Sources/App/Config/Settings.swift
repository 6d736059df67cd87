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
    var jwt: JWTSettings
    var passwordPolicy: PasswordPolicy
    var bcryptCost: Int
    var registrationOpen: Bool
    var rateLimits: RateLimitSettings
    var cors: CORSSettings
    var httpsOnly: Bool
    var hsts: Bool
    var logLevel: Logger.Level
}

struct JWTSettings: Sendable {
    var algorithm: SigningAlgorithm
    /// HMAC secret, used as the raw bytes of the string (as PyJWT and python-jose do).
    var secretKey: String?
    /// PEM private key for ES256 and EdDSA.
    var privateKeyPEM: String?
    var issuer: String
    var audience: String
    var accessTokenTTL: Int
    var refreshTokenTTL: Int
}

struct RateLimitSettings: Sendable {
    var enabled: Bool
    var login: RateLimitRule
    var register: RateLimitRule
}

struct RateLimitRule: Sendable {
    var limit: Int
    var windowSeconds: Int
}

struct CORSSettings: Sendable {
    var allowOrigins: [String]
    var allowCredentials: Bool
}
