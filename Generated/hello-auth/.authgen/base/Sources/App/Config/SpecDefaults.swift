// Generated from the project spec. Every value here is only a default:
// the environment (see .env.example) overrides it at run time.
enum SpecDefaults {
    static let projectName = "hello-auth"
    static let title = "Hello Auth"
    static let projectDescription = ""
    /// The version the OpenAPI document states.
    static let version = "1.0.0"
    static let host = "127.0.0.1"
    static let port = 8080
    static let apiPrefix = "/api"
    static let databaseURL = "sqlite://data/hello-auth.sqlite"

    static let jwtAlgorithm: SigningAlgorithm = .hs256
    static let jwtIssuer = "hello-auth"
    static let jwtAudience = "hello-auth-clients"
    static let accessTokenTTLSeconds = 1800
    static let refreshTokenTTLSeconds = 604800
    /// A login ends this long (30d) after it began, however often it was refreshed.
    static let sessionMaxLifetimeSeconds = 2592000
    /// The FastAPI guide's `?refresh_token=` query parameter is accepted too (`auth.compat.refresh_token_in_query`).
    static let refreshTokenInQuery = false

    static let bcryptCost = 12
    static let passwordMinLength = 8
    static let passwordMaxLength = 72
    static let passwordRequireUpper = true
    static let passwordRequireLower = true
    static let passwordRequireDigit = true
    static let passwordRequireSpecial = true
    static let passwordRejectCommon = true

    static let registrationOpen = true

    static let loginRateLimit = 5
    static let loginRateWindowSeconds = 60
    static let registerRateLimit = 10
    static let registerRateWindowSeconds = 60
    /// Not spec keys: refresh requests per session and per client address.
    static let refreshRateLimit = 30
    static let refreshRateWindowSeconds = 60
    /// Not a spec key: seconds between two purges of expired rows (PURGE_INTERVAL_SECONDS).
    static let purgeIntervalSeconds = 3600

    /// Failed logins of one username that lock it (0: lockout off), and for how long.
    static let lockoutAfter = 10
    static let lockoutSeconds = 900

    static let trustedProxies: [String] = []
    /// 1MB
    static let maxBodySize = 1048576

    static let corsAllowOrigins = ["http://localhost:3000"]
    static let corsAllowCredentials = true

    static let httpsOnly = true
    static let hsts = true

    /// Whether /docs is served (`DOCS_ENABLED`).
    static let docsEnabled = true
}
