/// Every value a template may print. Built by `ContextBuilder` from a validated `Spec`;
/// templates never compute, so anything they need in another form gets its own key here.
package struct RenderContext: Sendable, Equatable, Codable, ContextDescribed {
    package static let contextKeys: [ContextKey] = [
        .object("generator", Generator.self, "The generator that rendered the files."),
        .object("project", Project.self, "The project: `project` in the spec."),
        .object("server", Server.self, "Where the server listens: `server` in the spec."),
        .object("database", Database.self, "The database: `database` in the spec."),
        .object("auth", Auth.self, "Tokens, passwords, registration and rate limits: `auth` in the spec."),
        .object("cors", CORS.self, "Cross-origin requests: `cors` in the spec."),
        .object("production", Production.self, "What the server enforces in production: `production` in the spec."),
        .object("docs", Docs.self, "The Swagger UI page: `docs` in the spec."),
        .object("docker", Docker.self, "The Docker files: `docker` in the spec."),
        .object("email", Email.self, "Mail: `email` in the spec (the mail feature plugins are enabled by its flags)."),
        .object("account", Account.self, "Account deletion and export: `account` in the spec (the account plugin is enabled by its flags)."),
        .list("resources", of: Resource.self, "The spec's resources, in spec order."),
        .bool("hasResources", "The spec has at least one resource."),
        .list("roles", of: Role.self, "The spec's `roles`, in spec order (`superuser` is not one: it is the user's flag)."),
        .bool("hasRoles", "The spec names at least one role."),
        .list("migrations", of: Migration.self, "Every resource migration, in the order they apply; earlier ones never change."),
        .object("secrets", Secrets.self, "Generated secrets; never printed by `authgen context` nor kept in base copies."),
        .init(
            name: "plugins",
            type: .object([]),
            meaning: "Every enabled plugin's options, as `plugins.<plugin>.<option>`; a plugin's own templates also see theirs as `options.<option>`."
        ),
        .list("serverExtensions", of: ServerExtension.self, "The `server_extensions` of every enabled plugin, in plugin order: the framework lists them in its generated server."),
        .bool("hasServerExtensions", "An enabled plugin contributes at least one server extension."),
        .list("pluginSettings", of: PluginSettingValue.self, "The `settings` of every enabled plugin, in plugin order: the framework prints them in `Settings`, `.env.example`, compose and the README."),
        .bool("hasPluginSettings", "An enabled plugin declares at least one setting."),
        .object("insertions", Insertions.self, "The enabled plugins' `insert` templates, rendered, by insertion point."),
        .list("userFields", of: UserField.self, "The `user_fields` of every enabled plugin, in plugin order: columns of `users`, properties of `User` and `UserResponse`."),
        .bool("hasUserFields", "An enabled plugin adds at least one user field."),
        .object("packages", Packages.self, "The Swift packages of the generated `Package.swift`: every enabled plugin's `packages` (the framework's first), merged."),
        .object("settingRanges", SettingRangeLiterals.self, "The ranges the server accepts for its numeric settings, as Swift literals (`SettingRanges`; the spec accepts the same)."),
    ]

    package var generator: Generator
    package var project: Project
    package var server: Server
    package var database: Database
    package var auth: Auth
    package var cors: CORS
    package var production: Production
    package var docs: Docs
    package var docker: Docker
    package var email: Email
    package var account: Account
    package var resources: [Resource]
    package var hasResources: Bool
    package var roles: [Role] = []
    package var hasRoles: Bool = false
    /// Every resource migration, in the order they apply (from the migration history: earlier ones never change).
    package var migrations: [Migration]
    package var secrets: Secrets
    /// Enabled plugin's name → option name → its value (the spec's, else the default; a duration as
    /// `{text, seconds}`). Each plugin's own templates also see theirs as `options.<name>` (see `Renderer`).
    package var plugins: [String: [String: JSONValue]] = [:]
    /// The enabled plugins' `server_extensions` (see `ContextBuilder.serverExtensions`).
    package var serverExtensions: [ServerExtension] = []
    package var hasServerExtensions: Bool = false
    /// The enabled plugins' `settings` (see `ContextBuilder.pluginSettings`).
    package var pluginSettings: [PluginSettingValue] = []
    package var hasPluginSettings: Bool = false
    /// The enabled plugins' `insert` templates, rendered (see `ContextBuilder.insertions`).
    package var insertions = Insertions()
    /// The enabled plugins' `user_fields` (see `ContextBuilder.userFields`).
    package var userFields: [UserField] = []
    package var hasUserFields: Bool = false
    /// The enabled plugins' `packages`, merged (see `ContextBuilder.packages`).
    package var packages = Packages()
    package var settingRanges = SettingRangeLiterals()

    /// `SettingRanges` as Swift range literals, e.g. `1...31_536_000`.
    package struct SettingRangeLiterals: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("port", "`PORT`, e.g. `0...65535`."),
            .string("accessTokenTTL", "`ACCESS_TOKEN_TTL_SECONDS`."),
            .string("refreshTokenTTL", "`REFRESH_TOKEN_TTL_SECONDS`."),
            .string("sessionMaxLifetime", "`SESSION_MAX_LIFETIME_SECONDS`."),
            .string("bcryptCost", "`BCRYPT_COST`."),
            .string("lockoutAfter", "`LOCKOUT_AFTER`."),
            .string("lockoutSeconds", "`LOCKOUT_SECONDS`."),
            .string("maxBodySize", "`MAX_BODY_SIZE`."),
        ]

        package var port = SettingRanges.port.swiftLiteral
        package var accessTokenTTL = SettingRanges.accessTokenTTL.swiftLiteral
        package var refreshTokenTTL = SettingRanges.refreshTokenTTL.swiftLiteral
        package var sessionMaxLifetime = SettingRanges.sessionMaxLifetime.swiftLiteral
        package var bcryptCost = SettingRanges.bcryptCost.swiftLiteral
        package var lockoutAfter = SettingRanges.lockoutAfter.swiftLiteral
        package var lockoutSeconds = SettingRanges.lockoutSeconds.swiftLiteral
        package var maxBodySize = SettingRanges.maxBodySize.swiftLiteral

        package init() {}
    }

    /// A Swift type an enabled plugin adds to the server, named in its `plugin.yaml`.
    package struct ServerExtension: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("typeName", "The Swift type, e.g. `AuditLogExtension`."),
            .string("plugin", "The plugin that contributes it, e.g. `audit-log`."),
            .bool("last", "The last extension of the list."),
        ]

        package var typeName: String
        package var plugin: String
        package var last: Bool
    }

    package struct Migration: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("name", "Recorded in `schema_migrations`, e.g. `add_summary_to_posts`."),
            .string("identifier", "The Swift name of its `static let`, e.g. `addSummaryToPosts`."),
            .string("fileName", "What follows `Migration+` in its file name, e.g. `Posts` or `AddSummaryToPosts`."),
            .string("resource", "The resource it changes, as named in the spec."),
            .string("kind", "What it does, e.g. `create_table` or `add_column`."),
            .string("summary", "One line for its doc comment."),
            .list("sqlite", of: Statement.self, "Its SQL statements for SQLite."),
            .list("postgres", of: Statement.self, "Its SQL statements for PostgreSQL."),
            .bool("last", "The last migration of the list."),
            .bool("keepsItemsOfDeletedUsers", "It makes an owned table's `author_id` nullable, ON DELETE SET NULL (`account.on_delete: anonymize` on a table made before), and is the table's last migration (so previousTable… describe it)."),
            .string("tableSQL", "Its table as a quoted SQL identifier inside a Swift string literal: `\\\"posts\\\"`."),
            .list("previousTableSQLite", of: Statement.self, "With keepsItemsOfDeletedUsers: the table as the server before it made it (author_id NOT NULL … ON DELETE CASCADE), in SQLite; else empty."),
            .list("previousTablePostgres", of: Statement.self, "The same in PostgreSQL."),
        ]

        /// Recorded in `schema_migrations`, e.g. `add_summary_to_posts`.
        package var name: String
        /// The Swift name of the `static let`, e.g. `addSummaryToPosts`.
        package var identifier: String
        /// What follows `Migration+` in the file name: `Posts` for `create_posts`, else e.g. `AddSummaryToPosts`.
        package var fileName: String
        package var resource: String
        package var kind: String
        /// One line for the doc comment.
        package var summary: String
        package var sqlite: [Statement]
        package var postgres: [Statement]
        package var last: Bool
        package var keepsItemsOfDeletedUsers: Bool = false
        package var tableSQL: String = ""
        /// For tests of the upgrade: the owned table as it was before, from the same statements its creation used.
        package var previousTableSQLite: [Statement] = []
        package var previousTablePostgres: [Statement] = []

        package struct Statement: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("literal", "The statement as a Swift string literal (multi-line, indented by 12, when the SQL spans lines)."),
                .bool("last", "The last statement of the list."),
            ]

            /// The statement as a Swift string literal: a multi-line literal (continuation lines indented for
            /// a 12-space indentation) when the SQL spans lines.
            package var literal: String
            package var last: Bool
        }
    }

    package struct Generator: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("name", "`authgen`."),
            .string("version", "The generator's version."),
        ]

        package var name: String
        package var version: String
    }

    package struct Project: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("name", "`project.name`: lower-case letters, digits and `-`."),
            .string("description", "`project.description`; may be empty."),
            .bool("hasDescription", "The description is not empty."),
            .string("descriptionLiteral", "The description as a Swift string literal."),
            .string("executableName", "The name of the package's executable."),
            .string("title", "The name for headings: `blog-api` → `Blog API`."),
        ]

        package var name: String
        package var description: String
        package var hasDescription: Bool
        package var descriptionLiteral: String
        package var executableName: String
        /// "blog-api" → "Blog API": for headings and the README.
        package var title: String
    }

    package struct Server: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("framework", "`server.framework`: the framework plugin."),
            .string("host", "`server.host`: the default listening address."),
            .string("hostLiteral", "The host as a Swift string literal."),
            .int("port", "`server.port`: the default listening port."),
            .string("apiPrefix", "`server.api_prefix`, e.g. `/api`."),
            .string("apiPrefixLiteral", "The API prefix as a Swift string literal."),
            .string("trustedProxiesLiteral", "`server.trusted_proxies` as a Swift array literal, e.g. `[\"10.0.0.0/8\"]`."),
            .string("trustedProxiesCSV", "`server.trusted_proxies` comma-separated: the `TRUSTED_PROXIES` value."),
            .string("maxBodySize", "`server.max_body_size` as written, e.g. `1MB`."),
            .int("maxBodySizeBytes", "The body size limit in bytes: the `MAX_BODY_SIZE` value."),
        ]

        package var framework: String
        package var host: String
        package var hostLiteral: String
        package var port: Int
        package var apiPrefix: String
        package var apiPrefixLiteral: String
        /// `server.trusted_proxies` as a Swift array literal and as the comma-separated `TRUSTED_PROXIES` value.
        package var trustedProxiesLiteral: String
        package var trustedProxiesCSV: String
        package var maxBodySize: String
        package var maxBodySizeBytes: Int
    }

    package struct Database: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("driver", "`database.driver`: `sqlite` or `postgres`."),
            .bool("sqlite", "The driver is SQLite."),
            .bool("postgres", "The driver is PostgreSQL."),
            .string("sqlitePath", "`database.sqlite_path`: the SQLite file."),
            .string("sqlitePathLiteral", "The SQLite path as a Swift string literal."),
            .string("defaultURL", "The `DATABASE_URL` the server uses when the environment sets none."),
            .string("defaultURLLiteral", "The default URL as a Swift string literal."),
            .string("postgresComposeURL", "The URL of the compose file's PostgreSQL service."),
            .string("postgresUser", "The PostgreSQL role: the project name with `_` for `-`."),
            .string("postgresDatabase", "The PostgreSQL database: the project name with `_` for `-`."),
        ]

        package var driver: String
        package var sqlite: Bool
        package var postgres: Bool
        package var sqlitePath: String
        package var sqlitePathLiteral: String
        /// The `DATABASE_URL` the server uses when the environment sets none.
        package var defaultURL: String
        package var defaultURLLiteral: String
        /// The URL of the compose file's PostgreSQL service.
        package var postgresComposeURL: String
        package var postgresUser: String
        package var postgresDatabase: String
    }

    package struct Auth: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .object("jwt", JWT.self, "Signed tokens: `auth.jwt` in the spec."),
            .object("password", Password.self, "Password rules: `auth.password` in the spec."),
            .object("registration", Registration.self, "Who may register: `auth.registration` in the spec."),
            .object("rateLimit", RateLimits.self, "Per address and per username limits: `auth.rate_limit` in the spec."),
            .object("lockout", Lockout.self, "Failed logins that lock a username for a while: `auth.lockout` in the spec."),
            .object("session", Session.self, "How long a login lasts: `auth.session` in the spec."),
            .object("compat", Compat.self, "FastAPI guide behaviours kept for old clients: `auth.compat` in the spec."),
            .object("mfa", MFA.self, "A second factor: `auth.mfa` in the spec (the `mfa` feature plugin is enabled by its flags)."),
            .object("sessions", Sessions.self, "Sessions a user controls: `auth.sessions` in the spec."),
            .object("apiKeys", APIKeys.self, "API keys for machines: `auth.api_keys` in the spec."),
            .bool("passwordChange", "The built-in `password-change` feature plugin is on (`POST /auth/password`): true for every spec."),
        ]

        package var jwt: JWT
        package var password: Password
        package var registration: Registration
        package var rateLimit: RateLimits
        package var lockout: Lockout
        package var session: Session
        package var compat: Compat
        package var mfa: MFA
        package var sessions: Sessions
        package var apiKeys: APIKeys
        /// Enables the built-in `password-change` plugin; no spec key turns it off yet.
        package var passwordChange = true

        /// `auth.session`.
        package struct Session: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("maxLifetime", "`auth.session.max_lifetime` as written, e.g. `30d`."),
                .int("maxLifetimeSeconds", "The longest a login lasts, in seconds (the `SESSION_MAX_LIFETIME_SECONDS` value)."),
            ]

            package var maxLifetime: String
            package var maxLifetimeSeconds: Int
        }

        /// `auth.mfa`.
        package struct MFA: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("totp", "`auth.mfa.totp`: `off`, `optional`, `required_for_superusers` or `required`."),
                .bool("enabled", "TOTP is offered (any value but `off`)."),
                .bool("requiredForSuperusers", "Superusers without TOTP are refused everything but enrolment (`required_for_superusers` or `required`)."),
                .bool("requiredForEveryone", "Every user without TOTP is refused everything but enrolment (`required`)."),
                .int("recoveryCodes", "`auth.mfa.recovery_codes`: the recovery codes a user gets."),
            ]

            package var totp: String
            package var enabled: Bool
            package var requiredForSuperusers: Bool
            package var requiredForEveryone: Bool
            package var recoveryCodes: Int
        }

        /// `auth.compat`.
        package struct Compat: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .bool("refreshTokenInQuery", "`auth.compat.refresh_token_in_query`: the refresh token may come in the query string."),
            ]

            package var refreshTokenInQuery: Bool
        }

        /// `auth.sessions`.
        package struct Sessions: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .bool("list", "`auth.sessions.list`: the built-in `sessions` plugin is on (users list and end their sessions)."),
            ]

            package var list: Bool
        }

        /// `auth.api_keys`.
        package struct APIKeys: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .bool("enabled", "`auth.api_keys.enabled`: the built-in `api-keys` plugin is on."),
                .int("maxPerUser", "`auth.api_keys.max_per_user`: the `API_KEYS_MAX_PER_USER` default."),
                .string("maxTTL", "`auth.api_keys.max_ttl` as written, e.g. `365d`."),
                .int("maxTTLSeconds", "The longest a key works, in seconds: the `API_KEYS_MAX_TTL_SECONDS` default."),
                .string("keyPrefix", "What every key starts with: the project name without `-`, and `_` (`blog-api` → `blogapi_`)."),
            ]

            package var enabled: Bool
            package var maxPerUser: Int
            package var maxTTL: String
            package var maxTTLSeconds: Int
            package var keyPrefix: String
        }

        /// `auth.lockout`; when off, `after` is 0 (the `LOCKOUT_AFTER` value that turns it off).
        package struct Lockout: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .bool("enabled", "Lockout is on (`auth.lockout` is not `off`)."),
                .int("after", "Consecutive failed logins from one client address that lock a username for it; 0 when off (the `LOCKOUT_AFTER` value)."),
                .int("seconds", "How long a lock lasts, in seconds (the `LOCKOUT_SECONDS` value)."),
                .string("duration", "`auth.lockout.for` as written, e.g. `15m`."),
            ]

            package var enabled: Bool
            package var after: Int
            package var seconds: Int
            package var duration: String
        }

        package struct JWT: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("algorithm", "`auth.jwt.algorithm`, e.g. `HS256`, `ES256`, `EdDSA`."),
                .string("algorithmCase", "The lower-case Swift enum case name: `hs256`, `es256`, `eddsa`."),
                .bool("hmac", "The algorithm is HS256, HS384 or HS512 (key: `SECRET_KEY`)."),
                .bool("es256", "The algorithm is ES256."),
                .bool("eddsa", "The algorithm is EdDSA."),
                .string("issuer", "`auth.jwt.issuer`: the `iss` claim."),
                .string("issuerLiteral", "The issuer as a Swift string literal."),
                .string("audience", "`auth.jwt.audience`: the `aud` claim."),
                .string("audienceLiteral", "The audience as a Swift string literal."),
                .string("accessTokenTTL", "`auth.jwt.access_token_ttl` as written, e.g. `30m`."),
                .int("accessTokenTTLSeconds", "The access token lifetime in seconds."),
                .string("refreshTokenTTL", "`auth.jwt.refresh_token_ttl` as written, e.g. `7d`."),
                .int("refreshTokenTTLSeconds", "The refresh token lifetime in seconds."),
                .bool("jwks", "The built-in `jwks` feature plugin is on (`auth.jwt.jwks`, by default for ES256 and EdDSA): the public keys at `/.well-known/jwks.json`."),
            ]

            package var algorithm: String
            /// The lower-case Swift enum case name: `hs256`, `es256`, `eddsa`.
            package var algorithmCase: String
            package var hmac: Bool
            package var es256: Bool
            package var eddsa: Bool
            package var issuer: String
            package var issuerLiteral: String
            package var audience: String
            package var audienceLiteral: String
            package var accessTokenTTL: String
            package var accessTokenTTLSeconds: Int
            package var refreshTokenTTL: String
            package var refreshTokenTTLSeconds: Int
            package var jwks: Bool
        }

        package struct Password: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .int("bcryptCost", "`auth.password.bcrypt_cost`."),
                .int("minLength", "`auth.password.min_length`, in bytes."),
                .int("maxLength", "`auth.password.max_length`, in bytes."),
                .bool("requireUpper", "A password needs an upper-case letter."),
                .bool("requireLower", "A password needs a lower-case letter."),
                .bool("requireDigit", "A password needs a digit."),
                .bool("requireSpecial", "A password needs a character that is neither a letter nor a digit."),
                .string("requirementsText", "The required classes, e.g. `upper, lower, digit, special`; empty for length only."),
                .bool("rejectCommon", "`auth.password.reject_common`: common passwords are refused."),
            ]

            package var bcryptCost: Int
            package var minLength: Int
            package var maxLength: Int
            package var requireUpper: Bool
            package var requireLower: Bool
            package var requireDigit: Bool
            package var requireSpecial: Bool
            /// e.g. "upper, lower, digit, special"; empty for length-only rules.
            package var requirementsText: String
            package var rejectCommon: Bool
        }

        package struct Registration: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("mode", "`auth.registration`: `open` or `closed`."),
                .bool("open", "Anyone may register."),
                .bool("closed", "Only a superuser creates users."),
            ]

            package var mode: String
            package var open: Bool
            package var closed: Bool
        }

        package struct RateLimits: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .object("login", Rate.self, "`auth.rate_limit.login`."),
                .object("register", Rate.self, "`auth.rate_limit.register`."),
            ]

            package var login: Rate
            package var register: Rate
        }

        package struct Rate: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .int("limit", "Requests allowed per window."),
                .int("windowSeconds", "The window, in seconds."),
                .string("text", "The rate as written in the spec, e.g. `5/minute`."),
            ]

            package var limit: Int
            package var windowSeconds: Int
            package var text: String
        }
    }

    package struct CORS: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .strings("allowOrigins", "`cors.allow_origins`: exact origins, or `*`."),
            .string("allowOriginsCSV", "The origins joined by commas, as the `CORS_ALLOW_ORIGINS` setting takes them."),
            .string("allowOriginsLiteral", "The origins as a Swift array literal."),
            .bool("allowCredentials", "`cors.allow_credentials`."),
        ]

        package var allowOrigins: [String]
        package var allowOriginsCSV: String
        package var allowOriginsLiteral: String
        package var allowCredentials: Bool
    }

    package struct Production: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .bool("httpsOnly", "`production.https_only`: refuse plain HTTP in production."),
            .bool("hsts", "`production.hsts`: send HSTS in production."),
        ]

        package var httpsOnly: Bool
        package var hsts: Bool
    }

    package struct Docs: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .bool("enabled", "`docs.enabled`: `/docs` is served unless `DOCS_ENABLED` says otherwise."),
        ]

        package var enabled: Bool
    }

    package struct Docker: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .bool("enabled", "The spec has a `docker` section: Docker files are generated."),
            .string("builderImage", "`docker.builder_image`: the image that compiles the server."),
            .string("runtimeImage", "`docker.runtime_image`: the image that runs it."),
            .bool("compose", "Docker is enabled and `docker.compose` is true: a compose file is generated."),
            .string("publishedPort", "The compose file's port mapping: `127.0.0.1:8080:8080`, or `8080:8080` when `server.host` is `0.0.0.0` or `::`."),
            .int("replicas", "`docker.replicas`: how many server processes the compose file runs."),
            .bool("scaled", "Compose is on and `docker.replicas` is above 1: the replicas sit behind a generated nginx."),
            .list("appServices", of: AppService.self, "The compose file's server services: `app` alone, or `app-1` … `app-N` when scaled."),
            .string("proxySubnet", "The subnet of the compose network that only nginx and the replicas join: their `TRUSTED_PROXIES`."),
        ]

        package struct AppService: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("name", "The compose service's name."),
            ]

            package var name: String
        }

        package var enabled: Bool
        package var builderImage: String
        package var runtimeImage: String
        package var compose: Bool
        /// Loopback only, unless the spec's server listens on every interface.
        package var publishedPort: String
        package var replicas: Int
        package var scaled: Bool
        package var appServices: [AppService]
        package var proxySubnet: String
    }

    package struct Account: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .bool("enabled", "`account.self_delete` or `account.export`: the account plugin is on."),
            .bool("selfDelete", "`account.self_delete`: `DELETE /auth/me`, and superusers' `DELETE /users/{id}`."),
            .bool("export", "`account.export`: `GET /auth/me/export`."),
            .string("onDelete", "`account.on_delete`: `anonymize` or `cascade` (`cascade` without `account`)."),
            .bool("anonymize", "`account.on_delete` is `anonymize`: a deleted user's items stay, with no author."),
        ]

        package var enabled: Bool
        package var selfDelete: Bool
        package var export: Bool
        package var onDelete: String
        package var anonymize: Bool
    }

    package struct Email: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .bool("enabled", "The spec has an `email` section: the server sends mail."),
            .string("from", "`email.from` as written, e.g. `Blog <no-reply@example.com>`; empty without `email`."),
            .string("fromLiteral", "The sender as a Swift string literal."),
            .string("fromAddress", "The sender's address alone (the SMTP envelope), e.g. `no-reply@example.com`."),
            .string("fromAddressLiteral", "The address as a Swift string literal."),
            .string("fromName", "The sender's display name without quotes, e.g. `Blog`; empty for a bare address."),
            .string("fromNameLiteral", "The display name as a Swift string literal."),
            .string("transport", "`email.transport`: `smtp` or `file` (`file` without `email`)."),
            .bool("transportSMTP", "Mail goes through SMTP by default."),
            .bool("transportFile", "Mail is written to files by default."),
            .string("verification", "`email.verification`: `off`, `optional` or `required` (`off` without `email`)."),
            .bool("verificationOn", "Users verify their address (`optional` or `required`)."),
            .bool("verificationRequired", "An unverified user cannot log in."),
            .string("passwordResetTTL", "`email.password_reset.ttl` as written, e.g. `30m`."),
            .int("passwordResetTTLSeconds", "How long a password-reset link works, in seconds."),
            .bool("passwordReset", "Password reset by email is offered: the spec has an `email` section."),
            .bool("invitations", "`email.invitations`: superusers invite users by email."),
        ]

        package var enabled: Bool
        package var from: String
        package var fromLiteral: String
        package var fromAddress: String
        package var fromAddressLiteral: String
        package var fromName: String
        package var fromNameLiteral: String
        package var transport: String
        package var transportSMTP: Bool
        package var transportFile: Bool
        package var verification: String
        package var verificationOn: Bool
        package var verificationRequired: Bool
        package var passwordResetTTL: String
        package var passwordResetTTLSeconds: Int
        package var passwordReset: Bool
        package var invitations: Bool
    }

    package struct Role: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("name", "The role's name in the spec, e.g. `content_editor`: its name in the API, the database and tokens."),
            .string("propertyName", "Its Swift name: `content_editor` → `contentEditor`."),
            .string("description", "Its `description`, one line of text (for comments and the README)."),
            .string("descriptionLiteral", "The same as a Swift string literal, quotes included."),
            .bool("last", "The last role of the list."),
        ]

        package var name: String
        package var propertyName: String
        package var description: String
        package var descriptionLiteral: String
        package var last: Bool
    }

    package struct Resource: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("name", "The resource's name in the spec, e.g. `blog_post`."),
            .string("typeName", "Its Swift type name: `blog_post` → `BlogPost`."),
            .string("variableName", "Its Swift variable name: `blog_post` → `blogPost`."),
            .string("plural", "The plural of its name, e.g. `blog_posts`."),
            .string("pluralTypeName", "The plural as a type name, e.g. `BlogPosts`."),
            .string("pluralVariableName", "The plural as a variable name, e.g. `blogPosts`."),
            .string("tableName", "Its database table."),
            .string("tableSQL", "The table as a quoted SQL identifier inside a Swift string literal: `\\\"posts\\\"`."),
            .string("path", "Its route, e.g. `/api/posts`."),
            .bool("owned", "Each record belongs to the user who created it."),
            .bool("authorOptional", "Owned, and `account.on_delete` is `anonymize`: the author can be none (`author_id` null) once their account is deleted."),
            .list("fields", of: Field.self, "Its fields, in spec order."),
            .object("access", Access.self, "Who may do what, in the spec's words: a level, or a list such as `owner or editor`."),
            .object("accessSwift", AccessSwift.self, "The same as Swift `Access` expressions, for the controller."),
            .list("accessTable", of: AccessRow.self, "What each kind of caller gets from each action, from the spec: the generated access test's table."),
            .string("exampleJSON", "A valid create body, as one line of JSON."),
            .string("changeExampleJSON", "A PATCH body changing every field, as one line of JSON."),
            .bool("last", "The last resource of the list."),
        ]

        package var name: String
        /// `post` → `Post`.
        package var typeName: String
        /// `post` → `post`; `blog_post` → `blogPost`.
        package var variableName: String
        package var plural: String
        package var pluralTypeName: String
        /// `blog_post` → `blogPosts`: names of lists in Swift.
        package var pluralVariableName: String
        package var tableName: String
        /// `\"posts\"`: the table quoted for SQL, escaped for a Swift string literal.
        package var tableSQL: String
        /// e.g. `/api/posts`.
        package var path: String
        package var owned: Bool
        package var authorOptional: Bool
        package var fields: [Field]
        package var access: Access
        package var accessSwift: AccessSwift
        /// One row per caller: anonymous, a user, the author, another user, a superuser, a holder of each role.
        package var accessTable: [AccessRow] = []
        /// A valid create body, as one line of JSON (README walk-through, smoke run, tests).
        package var exampleJSON: String
        /// A PATCH body changing every field, as one line of JSON.
        package var changeExampleJSON: String
        package var last: Bool

        package struct Field: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("name", "The field's name in the spec (its JSON key and column), e.g. `published_at`."),
                .string("propertyName", "Its Swift property name: `published_at` → `publishedAt`; a Swift keyword gets `Value` (`default` → `defaultValue`)."),
                .string("columnSQL", "Its column as a quoted SQL identifier inside a Swift string literal: `\\\"order\\\"`."),
                .string("type", "Its spec type: `string`, `text`, `int`, `double`, `bool` or `date`."),
                .string("swiftType", "Its Swift type, with `?` when optional."),
                .bool("optional", "The field may be absent or null."),
                .bool("hasMaxLength", "The field has a `max_length`."),
                .int("maxLength", "Its `max_length`; 0 when it has none."),
                .bool("hasDefault", "The field has a `default`."),
                .string("defaultSwift", "The default as a Swift expression of its type; empty when there is none."),
                .bool("required", "Neither optional nor defaulted: a create body must carry it."),
                .string("typeSwift", "Its type as a value of the generated `FieldType`, e.g. `.string(maxLength: 200)`."),
                .string("defaultJSON", "The default as a JSON literal that is also a Swift literal; empty when there is none."),
                .string("exampleJSON", "A valid value as JSON (also a Swift literal)."),
                .string("otherExampleJSON", "Another valid value, different from `exampleJSON`."),
                .string("invalidJSON", "A value of the wrong JSON type for this field (also a Swift literal)."),
                .string("sqliteType", "Its SQLite column type."),
                .string("postgresType", "Its PostgreSQL column type."),
                .bool("last", "The last field of the list."),
            ]

            package var name: String
            /// `published_at` → `publishedAt`.
            package var propertyName: String
            /// `\"order\"`: the column quoted for SQL, escaped for a Swift string literal.
            package var columnSQL: String
            package var type: String
            package var swiftType: String
            package var optional: Bool
            package var hasMaxLength: Bool
            package var maxLength: Int
            package var hasDefault: Bool
            /// A Swift expression of the field's type, e.g. `false`, `"draft"` or
            /// `Date(timeIntervalSince1970: 1706659200)`; empty when there is no default.
            package var defaultSwift: String
            /// Neither optional nor defaulted: a create body must carry it.
            package var required: Bool
            /// The field's type as a Swift enum value of the generated `FieldType`,
            /// e.g. `.string(maxLength: 200)`, `.string(maxLength: nil)`, `.text`, `.date`.
            package var typeSwift: String
            /// The default as a JSON literal that is also a Swift literal (`false`, `"draft"`,
            /// `"2024-01-31T00:00:00Z"`); empty when there is no default.
            package var defaultJSON: String
            /// A valid value as JSON (also a Swift literal), and a second, different one.
            package var exampleJSON: String
            package var otherExampleJSON: String
            /// A value of the wrong JSON type for this field (also a Swift literal).
            package var invalidJSON: String
            package var sqliteType: String
            package var postgresType: String
            package var last: Bool
        }

        /// What one kind of caller gets from each action, as `HTTPResponse.Status` members (`ok`, `forbidden`…).
        package struct AccessRow: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("actor", "The caller as a Swift expression of the generated tests' `Actor`: `.anonymous`, `.user`, `.owner`, `.otherUser`, `.superuser` or `.holder(.editor)`."),
                .string("list", "The status of listing, as an `HTTPResponse.Status` member: `ok`, `unauthorized` or `forbidden`."),
                .string("create", "The status of creating: `created`, `unauthorized` or `forbidden`."),
                .string("read", "The status of reading one: `ok`, `unauthorized` or `forbidden`."),
                .string("update", "The status of updating: `ok`, `unauthorized` or `forbidden`."),
                .string("delete", "The status of deleting: `noContent`, `unauthorized` or `forbidden`."),
            ]

            package var actor: String
            package var list: String
            package var create: String
            package var read: String
            package var update: String
            package var delete: String
        }

        package struct Access: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("list", "Who may list: `public`, `authenticated`, `owner`, `superuser`, or a list such as `owner or editor`."),
                .string("read", "Who may read one, likewise."),
                .string("create", "Who may create, likewise."),
                .string("update", "Who may update, likewise."),
                .string("delete", "Who may delete, likewise."),
            ]

            package var list: String
            package var read: String
            package var create: String
            package var update: String
            package var delete: String
        }

        package struct AccessSwift: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("list", "Who may list, as a Swift `Access` expression: `.public`, `.authenticated`, `.owner`, `.superuser`, or `.anyOf(.owner, .role(.editor))`."),
                .string("read", "Who may read one, likewise."),
                .string("create", "Who may create, likewise."),
                .string("update", "Who may update, likewise."),
                .string("delete", "Who may delete, likewise."),
            ]

            package var list: String
            package var read: String
            package var create: String
            package var update: String
            package var delete: String
        }
    }

    /// Values that must never be printed by `authgen context` nor stored in base copies.
    package struct Secrets: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("secretKey", "64 hex characters from a secure generator, fresh at each generation (`SECRET_KEY`)."),
            .string("postgresPassword", "The password of the compose file's PostgreSQL service, fresh likewise."),
            .string(
                "jwtPrivateKeys",
                "ES256/EdDSA: a new private key as the `JWT_PRIVATE_KEYS` value of `.env` (one line in double quotes, line breaks written `\\n`), fresh likewise; empty for HS256/384/512."
            ),
        ]

        /// 64 hex characters from a cryptographically secure generator, fresh at each generation.
        package var secretKey: String
        /// The password of the compose file's PostgreSQL service, likewise fresh.
        package var postgresPassword: String
        /// ES256/EdDSA: `JWT_PRIVATE_KEYS` of `.env`, a new key in double quotes on one line; empty otherwise.
        package var jwtPrivateKeys: String
    }
}
