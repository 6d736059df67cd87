import Hummingbird
import Testing

@testable import App

@Suite("Settings")
struct SettingsTests {
    static let goodSecret = "9f2c4e7a1b8d3f6e0a5c2b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f"

    @Test(arguments: [
        ([String: String](), "SECRET_KEY is not set"),
        (["SECRET_KEY": "your-super-secret-key-change-in-production-use-openssl-rand-hex-32"], "placeholder"),
        (["SECRET_KEY": "changeme"], "placeholder"),
        (["SECRET_KEY": String(repeating: "x", count: 64)], "placeholder"),
        (["SECRET_KEY": "3b9f1c7e2a"], "shorter than 32 bytes"),
        (["SECRET_KEY": "3b9f1c7e2a9f2c4e7a1b8d3f6e0a5c2b9d8e7f6a", "JWT_ALGORITHM": "HS512"], "shorter than 64 bytes"),
    ])
    func productionRefusesWeakSecrets(values: [String: String], reason: String) {
        var environment = values
        environment["ENVIRONMENT"] = "production"
        environment["JWT_ALGORITHM"] = environment["JWT_ALGORITHM"] ?? "HS256"
        #expect {
            try Settings(environment: Environment(values: environment))
        } throws: { error in
            let description = (error as? SettingsError)?.description ?? ""
            return description.contains(reason) && !description.contains("\n")
        }
    }

    @Test func productionAcceptsAStrongSecret() throws {
        let settings = try Settings(environment: [
            "ENVIRONMENT": "production", "JWT_ALGORITHM": "HS256", "SECRET_KEY": Self.goodSecret,
        ])
        #expect(settings.environment == .production)
        #expect(settings.jwt.secretKey == Self.goodSecret)
    }

    @Test func productionNeedsAPrivateKeyForAsymmetricAlgorithms() {
        #expect(throws: SettingsError.self) {
            try Settings(environment: ["ENVIRONMENT": "production", "JWT_ALGORITHM": "ES256"])
        }
    }

    @Test func developmentStartsWithoutASecret() throws {
        let settings = try Settings(environment: [:])
        #expect(settings.environment == .development)
        #expect(settings.jwt.secretKey == nil)
    }

    @Test func defaultsComeFromTheSpec() throws {
        let settings = try Settings(environment: [:])
        #expect(settings.port == SpecDefaults.port)
        #expect(settings.database == (try DatabaseLocation(url: SpecDefaults.databaseURL)))
        #expect(settings.jwt.algorithm == SpecDefaults.jwtAlgorithm)
        #expect(settings.jwt.accessTokenTTL == SpecDefaults.accessTokenTTLSeconds)
        #expect(settings.bcryptCost == SpecDefaults.bcryptCost)
        #expect(settings.rateLimits.enabled)
        #expect(settings.cors.allowOrigins == SpecDefaults.corsAllowOrigins)
    }

    @Test func environmentOverrides() throws {
        let settings = try Settings(environment: [
            "PORT": "9000", "HOST": "0.0.0.0", "DATABASE_URL": "postgres://app:p%40ss@db.internal:5433/app?sslmode=require",
            "CORS_ORIGINS": "https://a.example, https://b.example", "RATE_LIMITS_ENABLED": "false",
            "ACCESS_TOKEN_TTL_SECONDS": "60", "BCRYPT_COST": "10", "REGISTRATION": "closed",
        ])
        #expect(settings.port == 9000)
        #expect(settings.host == "0.0.0.0")
        guard case .postgres(let postgres) = settings.database else {
            Issue.record("expected PostgreSQL")
            return
        }
        #expect(postgres.host == "db.internal")
        #expect(postgres.port == 5433)
        #expect(postgres.password == "p@ss")
        #expect(postgres.tls == .require)
        #expect(postgres.poolSize == 8)
        #expect(settings.cors.allowOrigins == ["https://a.example", "https://b.example"])
        #expect(settings.rateLimits.enabled == false)
        #expect(settings.jwt.accessTokenTTL == 60)
        #expect(settings.bcryptCost == 10)
        #expect(settings.registrationOpen == false)
        #expect(try Settings(environment: ["REGISTRATION": "open"]).registrationOpen == true)
    }

    @Test(arguments: [
        ["ENVIRONMENT": "staging"], ["PORT": "eighty"], ["DATABASE_URL": "mysql://x"], ["JWT_ALGORITHM": "RS256"],
        ["BCRYPT_COST": "99"], ["RATE_LIMITS_ENABLED": "maybe"], ["REGISTRATION": "invite"],
        ["SESSION_CACHE_SECONDS": "-1"], ["SESSION_CACHE_SECONDS": "61"], ["SESSION_CACHE_SECONDS": "1s"],
        ["SHUTDOWN_GRACE_SECONDS": "-1"], ["SHUTDOWN_GRACE_SECONDS": "301"],
    ])
    func invalidValuesAreRefused(values: [String: String]) {
        #expect(throws: SettingsError.self) { try Settings(environment: Environment(values: values)) }
    }

    @Test func purgeInterval() throws {
        #expect(try Settings(environment: [:]).purgeIntervalSeconds == SpecDefaults.purgeIntervalSeconds)
        #expect(try Settings(environment: ["PURGE_INTERVAL_SECONDS": "0"]).purgeIntervalSeconds == 0)
        #expect(try Settings(environment: ["PURGE_INTERVAL_SECONDS": "60"]).purgeIntervalSeconds == 60)
        for bad in ["-1", "604801", "1h"] {
            #expect(throws: SettingsError.self) { try Settings(environment: ["PURGE_INTERVAL_SECONDS": bad]) }
        }
    }

    @Test func theSessionCacheLastsLongerOnPostgreSQLWhichReportsChanges() throws {
        let postgresURL = "postgres://app:secret@db.internal:5432/app"
        #expect(try Settings(environment: ["DATABASE_URL": "sqlite://data/app.sqlite"]).sessionCacheSeconds == 1)
        #expect(try Settings(environment: ["DATABASE_URL": postgresURL]).sessionCacheSeconds == 10)
        #expect(try Settings(environment: ["DATABASE_URL": postgresURL, "SESSION_CACHE_SECONDS": "5"]).sessionCacheSeconds == 5)
        #expect(try Settings(environment: ["DATABASE_URL": "sqlite://data/app.sqlite", "SESSION_CACHE_SECONDS": "0"])
            .sessionCacheSeconds == 0)
    }

    @Test func shutdownGraceIsTenSecondsUnlessSet() throws {
        #expect(try Settings(environment: [:]).shutdownGraceSeconds == 10)
        #expect(try Settings(environment: ["SHUTDOWN_GRACE_SECONDS": "0"]).shutdownGraceSeconds == 0)
    }

    @Test func postgresPoolSize() throws {
        #expect(try PostgresLocation(url: "postgres://app@db/app?pool_size=1").poolSize == 1)
        #expect(try PostgresLocation(url: "postgres://app@db/app?schema=s&pool_size=100").poolSize == 100)
        for invalid in ["0", "101", "-3", "eight", ""] {
            #expect(throws: SettingsError.self) { try PostgresLocation(url: "postgres://app@db/app?pool_size=\(invalid)") }
        }
    }

    @Test func postgresSchemaNames() throws {
        #expect(try PostgresLocation(url: "postgres://app@db/app?schema=tenant_7").schema == "tenant_7")
        for invalid in ["Tenant", "tenant-7", "t%C3%A9", "a.b", ""] {
            #expect(throws: SettingsError.self) { try PostgresLocation(url: "postgres://app@db/app?schema=\(invalid)") }
        }
    }

    @Test func sqliteURLs() throws {
        #expect(try DatabaseLocation(url: "sqlite://data/app.sqlite") == .sqlite(path: "data/app.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite:///var/lib/app.sqlite") == .sqlite(path: "/var/lib/app.sqlite"))
    }
}
