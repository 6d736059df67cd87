import Foundation
import Hummingbird
import Logging

extension Settings {
    /// Settings from the process environment, with `.env` read first in development.
    static func fromProcessEnvironment() async throws -> Settings {
        try Settings(environment: try await Self.processEnvironment())
    }

    /// The process environment, over `.env` in development.
    static func processEnvironment() async throws -> Environment {
        let process = Environment()
        let declared = process.get("ENVIRONMENT").flatMap(AppEnvironment.init(rawValue:)) ?? .development
        guard declared == .development else {
            return process
        }
        let dotEnv: Environment
        do {
            dotEnv = try await Environment.dotEnv()
        } catch {
            throw SettingsError(".env is not a list of KEY=value lines")
        }
        return dotEnv.merging(with: process)
    }

    /// `JWT_ALGORITHM` and `JWT_PRIVATE_KEYS` alone, for the `keys` commands, which print a key list and start no
    /// server (so production's other demands do not apply).
    static func signingKeysFromProcessEnvironment() async throws -> JWTSettings {
        let env = try await Self.processEnvironment()
        return JWTSettings(
            algorithm: try Self.algorithm(env),
            secretKey: nil,
            privateKeys: try Self.privateKeys(env),
            issuer: SpecDefaults.jwtIssuer,
            audience: SpecDefaults.jwtAudience,
            accessTokenTTL: SpecDefaults.accessTokenTTLSeconds,
            refreshTokenTTL: SpecDefaults.refreshTokenTTLSeconds
        )
    }

    init(environment env: Environment) throws {
        let environmentName = env.get("ENVIRONMENT") ?? AppEnvironment.development.rawValue
        guard let environment = AppEnvironment(rawValue: environmentName) else {
            throw SettingsError("ENVIRONMENT must be development, production or testing, not '\(environmentName)'")
        }
        let algorithm = try Self.algorithm(env)
        let logLevelName = env.get("LOG_LEVEL") ?? "info"
        guard let logLevel = Logger.Level(rawValue: logLevelName) else {
            throw SettingsError("LOG_LEVEL '\(logLevelName)' is not a log level")
        }
        let secretKey = env.get("SECRET_KEY").flatMap { $0.isEmpty ? nil : $0 }
        let privateKeys = try Self.privateKeys(env)
        let database = try DatabaseLocation(url: env.get("DATABASE_URL") ?? SpecDefaults.databaseURL)

        self.init(
            environment: environment,
            host: env.get("HOST") ?? SpecDefaults.host,
            port: try Self.integer(env, "PORT", default: SpecDefaults.port, in: 0...65535),
            apiPrefix: SpecDefaults.apiPrefix,
            database: database,
            sessionCacheSeconds: try Self.integer(
                env,
                "SESSION_CACHE_SECONDS",
                default: database.defaultSessionCacheSeconds,
                in: 0...60
            ),
            shutdownGraceSeconds: try Self.integer(env, "SHUTDOWN_GRACE_SECONDS", default: 10, in: 0...300),
            jwt: JWTSettings(
                algorithm: algorithm,
                secretKey: secretKey,
                privateKeys: privateKeys,
                issuer: SpecDefaults.jwtIssuer,
                audience: SpecDefaults.jwtAudience,
                accessTokenTTL: try Self.integer(
                    env,
                    "ACCESS_TOKEN_TTL_SECONDS",
                    default: SpecDefaults.accessTokenTTLSeconds,
                    in: 1...31_536_000
                ),
                refreshTokenTTL: try Self.integer(
                    env,
                    "REFRESH_TOKEN_TTL_SECONDS",
                    default: SpecDefaults.refreshTokenTTLSeconds,
                    in: 1...31_536_000
                ),
                sessionMaxLifetime: try Self.integer(
                    env,
                    "SESSION_MAX_LIFETIME_SECONDS",
                    default: SpecDefaults.sessionMaxLifetimeSeconds,
                    in: 60...315_360_000
                )
            ),
            passwordPolicy: .specDefault,
            bcryptCost: try Self.integer(env, "BCRYPT_COST", default: SpecDefaults.bcryptCost, in: 4...31),
            registrationOpen: try Self.registration(env, default: SpecDefaults.registrationOpen),
            rateLimits: RateLimitSettings(
                enabled: try Self.boolean(env, "RATE_LIMITS_ENABLED", default: true),
                login: RateLimitRule(limit: SpecDefaults.loginRateLimit, windowSeconds: SpecDefaults.loginRateWindowSeconds),
                register: RateLimitRule(limit: SpecDefaults.registerRateLimit, windowSeconds: SpecDefaults.registerRateWindowSeconds)
            ),
            lockout: LockoutSettings(
                after: try Self.integer(env, "LOCKOUT_AFTER", default: SpecDefaults.lockoutAfter, in: 0...1000),
                seconds: try Self.integer(env, "LOCKOUT_SECONDS", default: SpecDefaults.lockoutSeconds, in: 1...31_536_000)
            ),
            trustedProxies: try Self.trustedProxies(env.get("TRUSTED_PROXIES").map(Self.list) ?? SpecDefaults.trustedProxies),
            maxBodySize: try Self.integer(env, "MAX_BODY_SIZE", default: SpecDefaults.maxBodySize, in: 1...1_073_741_824),
            cors: CORSSettings(
                allowOrigins: env.get("CORS_ORIGINS").map(Self.list) ?? SpecDefaults.corsAllowOrigins,
                allowCredentials: SpecDefaults.corsAllowCredentials
            ),
            httpsOnly: SpecDefaults.httpsOnly,
            hsts: SpecDefaults.hsts,
            logLevel: logLevel,
            docs: DocsSettings(
                enabled: try Self.boolean(env, "DOCS_ENABLED", default: SpecDefaults.docsEnabled),
                assetsURL: try Self.docsAssetsURL(env, production: environment == .production)
            ),
            purgeIntervalSeconds: try Self.integer(
                env,
                "PURGE_INTERVAL_SECONDS",
                default: SpecDefaults.purgeIntervalSeconds,
                in: 0...604_800
            ),
            httpIdleTimeout: try Self.integer(env, "HTTP_IDLE_TIMEOUT_SECONDS", default: 30, in: 1...3600)
        )
        self.apiKeysMaxPerUser = try Self.integer(env, "API_KEYS_MAX_PER_USER", default: 10, in: 1...1000)
        self.apiKeysMaxTtlSeconds = try Self.integer(env, "API_KEYS_MAX_TTL_SECONDS", default: 31536000, in: 3600...315_360_000)
        self.emailTransport = env.get("EMAIL_TRANSPORT") ?? "file"
        self.emailSmtpUrl = env.get("EMAIL_SMTP_URL") ?? ""
        self.emailSmtpCaFile = env.get("EMAIL_SMTP_CA_FILE") ?? ""
        self.emailSmtpTimeoutSeconds = try Self.integer(env, "EMAIL_SMTP_TIMEOUT_SECONDS", default: 30, in: 1...600)
        self.emailDir = env.get("EMAIL_DIR") ?? "data/mail"
        self.emailPublicUrl = env.get("EMAIL_PUBLIC_URL") ?? "http://localhost:3000"
        self.emailQueueSize = try Self.integer(env, "EMAIL_QUEUE_SIZE", default: 1000, in: 1...100_000)
        self.emailDeliveryAttempts = try Self.integer(env, "EMAIL_DELIVERY_ATTEMPTS", default: 5, in: 1...20)
        self.emailRetrySeconds = try Self.integer(env, "EMAIL_RETRY_SECONDS", default: 10, in: 1...3600)
        self.emailVerificationRequired = try Self.boolean(env, "EMAIL_VERIFICATION_REQUIRED", default: false)
        self.emailVerificationTtlSeconds = try Self.integer(env, "EMAIL_VERIFICATION_TTL_SECONDS", default: 86400, in: 300...604_800)
        self.invitationsTtlSeconds = try Self.integer(env, "INVITATIONS_TTL_SECONDS", default: 604800, in: 3600...2_592_000)
        self.mfaPolicy = env.get("MFA_POLICY") ?? "optional"
        self.mfaEncryptionKey = env.get("MFA_ENCRYPTION_KEY") ?? ""
        self.mfaRecoveryCodes = try Self.integer(env, "MFA_RECOVERY_CODES", default: 10, in: 5...20)
        self.passwordResetTtlSeconds = try Self.integer(env, "PASSWORD_RESET_TTL_SECONDS", default: 1800, in: 300...86400)
        try self.validate()
        for serverExtension in ServerExtensions.all {
            try serverExtension.checkEnvironment(self)
        }
    }

    /// Refuses what must never reach production, and HMAC keys shorter than the digest in any environment.
    func validate() throws {
        let production = self.environment == .production
        let algorithm = self.jwt.algorithm
        if algorithm.usesSharedSecret {
            if production, self.jwt.secretKey == nil {
                throw SettingsError("SECRET_KEY is not set; refusing to start in production")
            }
            if production, let secret = self.jwt.secretKey, SecretKeyCheck.isPlaceholder(secret) {
                throw SettingsError("SECRET_KEY is a placeholder value; refusing to start in production")
            }
            if let secret = self.jwt.secretKey, secret.utf8.count < algorithm.minimumSecretBytes {
                throw SettingsError(
                    "SECRET_KEY is shorter than \(algorithm.minimumSecretBytes) bytes, the minimum for \(algorithm.rawValue)"
                )
            }
        } else if production, self.jwt.privateKeys.isEmpty {
            throw SettingsError("JWT_PRIVATE_KEYS is not set for \(algorithm.rawValue); refusing to start in production")
        }
    }

    static func algorithm(_ env: Environment) throws -> SigningAlgorithm {
        let algorithmName = env.get("JWT_ALGORITHM") ?? SpecDefaults.jwtAlgorithm.rawValue
        guard let algorithm = SigningAlgorithm(rawValue: algorithmName) else {
            throw SettingsError("JWT_ALGORITHM must be one of \(SigningAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return algorithm
    }

    /// `JWT_PRIVATE_KEYS`, or the older `JWT_PRIVATE_KEY` as a list of one; both at once would be ambiguous.
    static func privateKeys(_ env: Environment) throws -> [String] {
        let list = env.get("JWT_PRIVATE_KEYS").flatMap { $0.isEmpty ? nil : $0 }
        let single = env.get("JWT_PRIVATE_KEY").flatMap { $0.isEmpty ? nil : $0 }
        switch (list, single) {
        case (.some, .some):
            throw SettingsError("JWT_PRIVATE_KEYS and JWT_PRIVATE_KEY are both set: keep JWT_PRIVATE_KEYS only")
        case (.some(let list), nil):
            return try PrivateKeyList.parse(list)
        case (nil, .some(let single)):
            return try PrivateKeyList.parse(single, name: "JWT_PRIVATE_KEY")
        case (nil, nil):
            return []
        }
    }

    private static func integer(_ env: Environment, _ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = env.get(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw SettingsError("\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    private static func boolean(_ env: Environment, _ name: String, default value: Bool) throws -> Bool {
        guard let text = env.get(name) else { return value }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingsError("\(name) must be true or false")
        }
    }

    /// `REGISTRATION`: `open` or `closed`; the spec's choice when unset.
    private static func registration(_ env: Environment, default open: Bool) throws -> Bool {
        guard let text = env.get("REGISTRATION") else { return open }
        switch text.lowercased() {
        case "open": return true
        case "closed": return false
        default: throw SettingsError("REGISTRATION must be open or closed")
        }
    }

    private static func trustedProxies(_ entries: [String]) throws -> [IPRange] {
        try entries.map { entry in
            guard let range = IPRange(entry) else {
                throw SettingsError("TRUSTED_PROXIES: '\(entry)' is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)")
            }
            return range
        }
    }

    /// `DOCS_ASSETS_URL`: an absolute http(s) folder URL without query or fragment (https in production, where
    /// the page itself is served over HTTPS); the pinned CDN folder when unset.
    private static func docsAssetsURL(_ env: Environment, production: Bool) throws -> String {
        guard let text = env.get("DOCS_ASSETS_URL"), !text.isEmpty else { return SwaggerUIAssets.cdnURL }
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false, url.query == nil, url.fragment == nil,
              !trimmed.contains(where: { $0 == ";" || $0 == "," || $0 == "'" || $0 == "\"" || $0.isWhitespace })
        else {
            throw SettingsError("DOCS_ASSETS_URL must be an http(s) URL of the folder holding swagger-ui-bundle.js, e.g. https://static.example.com/swagger-ui")
        }
        if production, scheme != "https" {
            throw SettingsError("DOCS_ASSETS_URL must be an https URL in production")
        }
        return trimmed
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
