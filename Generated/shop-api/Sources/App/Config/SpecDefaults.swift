// Generated from the project spec. Every value here is only a default:
// the environment (see .env.example) overrides it at run time.
enum SpecDefaults {
    static let projectName = "shop-api"
    static let title = "Shop API"
    static let projectDescription = "Catalogue service with every field type"
    /// The version the OpenAPI document states.
    static let version = "1.0.0"
    static let host = "127.0.0.1"
    static let port = 8080
    static let apiPrefix = "/v1"
    static let databaseURL = "postgres://shop_api:shop_api@localhost:5432/shop_api"

    static let jwtAlgorithm: SigningAlgorithm = .eddsa
    static let jwtIssuer = "shop-api"
    static let jwtAudience = "shop-api-clients"
    static let accessTokenTTLSeconds = 900
    static let refreshTokenTTLSeconds = 2592000
    /// A login ends this long (90d) after it began, however often it was refreshed.
    static let sessionMaxLifetimeSeconds = 7776000
    /// The FastAPI guide's `?refresh_token=` query parameter is accepted too (`auth.compat.refresh_token_in_query`).
    static let refreshTokenInQuery = true

    static let bcryptCost = 12
    static let passwordMinLength = 12
    static let passwordMaxLength = 72
    static let passwordRequireUpper = false
    static let passwordRequireLower = false
    static let passwordRequireDigit = false
    static let passwordRequireSpecial = false
    static let passwordRejectCommon = true

    static let registrationOpen = true

    static let loginRateLimit = 3
    static let loginRateWindowSeconds = 1
    static let registerRateLimit = 100
    static let registerRateWindowSeconds = 3600
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

    static let corsAllowOrigins = ["https://shop.example.com", "http://localhost:5173"]
    static let corsAllowCredentials = true

    static let httpsOnly = false
    static let hsts = false

    /// Whether /docs is served (`DOCS_ENABLED`).
    static let docsEnabled = true
}
