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
    /// Keys one user may hold at a time; creating one more answers 409 (`API_KEYS_MAX_PER_USER`, from the api-keys plugin)
    var apiKeysMaxPerUser: Int = 10
    /// The longest a key works, in seconds; a key created without expires_in gets it (`API_KEYS_MAX_TTL_SECONDS`, from the api-keys plugin)
    var apiKeysMaxTtlSeconds: Int = 31536000
    /// How mails leave: smtp (to EMAIL_SMTP_URL) or file (.eml files in EMAIL_DIR) (`EMAIL_TRANSPORT`, from the email plugin)
    var emailTransport: String = "file"
    /// SMTP server, e.g. smtp://user:password@host:587 (STARTTLS), smtps://…:465 (TLS); required in production with smtp (`EMAIL_SMTP_URL`, from the email plugin)
    var emailSmtpUrl: String = ""
    /// PEM file of certificate authorities trusted for the SMTP server besides the system's (a private CA) (`EMAIL_SMTP_CA_FILE`, from the email plugin)
    var emailSmtpCaFile: String = ""
    /// Seconds to connect, and to wait for each SMTP reply, before an attempt fails (`EMAIL_SMTP_TIMEOUT_SECONDS`, from the email plugin)
    var emailSmtpTimeoutSeconds: Int = 30
    /// Folder of the file transport: one .eml file per mail (under data/, which git ignores) (`EMAIL_DIR`, from the email plugin)
    var emailDir: String = "data/mail"
    /// The front end's base URL that links in mails open (use https; production warns otherwise), e.g. https://app.example.com (`EMAIL_PUBLIC_URL`, from the email plugin)
    var emailPublicUrl: String = "http://localhost:3000"
    /// Mails that may wait for delivery; beyond that a new mail is dropped with a log line (`EMAIL_QUEUE_SIZE`, from the email plugin)
    var emailQueueSize: Int = 1000
    /// Attempts per mail after temporary failures (4xx replies, no connection) before it is dropped (`EMAIL_DELIVERY_ATTEMPTS`, from the email plugin)
    var emailDeliveryAttempts: Int = 5
    /// Seconds before the second attempt; each further wait doubles (at most 5 minutes) (`EMAIL_RETRY_SECONDS`, from the email plugin)
    var emailRetrySeconds: Int = 10
    /// Unverified users cannot log in (403 Email not verified); the default is the spec's email.verification: required (`EMAIL_VERIFICATION_REQUIRED`, from the email-verification plugin)
    var emailVerificationRequired: Bool = false
    /// Seconds a verification link works (a day by default) (`EMAIL_VERIFICATION_TTL_SECONDS`, from the email-verification plugin)
    var emailVerificationTtlSeconds: Int = 86400
    /// Seconds an invitation link works (7 days by default) (`INVITATIONS_TTL_SECONDS`, from the invitations plugin)
    var invitationsTtlSeconds: Int = 604800
    /// optional, required_for_superusers or required: who must turn TOTP on before any route but enrolment, /auth/me and logout answers (403 MFA enrolment required) (`MFA_POLICY`, from the mfa plugin)
    var mfaPolicy: String = "optional"
    /// Key the TOTP secrets are encrypted with (AES-GCM, through HKDF); empty uses SECRET_KEY. Changing it voids every enrolment (`MFA_ENCRYPTION_KEY`, from the mfa plugin)
    var mfaEncryptionKey: String = ""
    /// Single-use recovery codes a user gets when turning TOTP on or asking for new ones (`MFA_RECOVERY_CODES`, from the mfa plugin)
    var mfaRecoveryCodes: Int = 10
    /// Seconds a password reset link works (the spec's email.password_reset.ttl) (`PASSWORD_RESET_TTL_SECONDS`, from the password-reset plugin)
    var passwordResetTtlSeconds: Int = 1800
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
