/// Every value a template may print. Built by `ContextBuilder` from a validated `Spec`;
/// templates never compute, so anything they need in another form gets its own key here.
public struct RenderContext: Sendable, Equatable, Codable {
    public var generator: Generator
    public var project: Project
    public var server: Server
    public var database: Database
    public var auth: Auth
    public var cors: CORS
    public var production: Production
    public var docker: Docker
    public var resources: [Resource]
    public var hasResources: Bool
    /// Every resource migration, in the order they apply (from the migration history: earlier ones never change).
    public var migrations: [Migration]
    public var secrets: Secrets

    public struct Migration: Sendable, Equatable, Codable {
        /// Recorded in `schema_migrations`, e.g. `add_summary_to_posts`.
        public var name: String
        /// The Swift name of the `static let`, e.g. `addSummaryToPosts`.
        public var identifier: String
        /// What follows `Migration+` in the file name: `Posts` for `create_posts`, else e.g. `AddSummaryToPosts`.
        public var fileName: String
        public var resource: String
        public var kind: String
        /// One line for the doc comment.
        public var summary: String
        public var sqlite: [Statement]
        public var postgres: [Statement]
        public var last: Bool

        public struct Statement: Sendable, Equatable, Codable {
            /// The statement as a Swift string literal: a multi-line literal (continuation lines indented for
            /// a 12-space indentation) when the SQL spans lines.
            public var literal: String
            public var last: Bool
        }
    }

    public struct Generator: Sendable, Equatable, Codable {
        public var name: String
        public var version: String
    }

    public struct Project: Sendable, Equatable, Codable {
        public var name: String
        public var description: String
        public var hasDescription: Bool
        public var descriptionLiteral: String
        public var executableName: String
        /// "blog-api" → "Blog API": for headings and the README.
        public var title: String
    }

    public struct Server: Sendable, Equatable, Codable {
        public var framework: String
        public var host: String
        public var hostLiteral: String
        public var port: Int
        public var apiPrefix: String
        public var apiPrefixLiteral: String
        /// `server.trusted_proxies` as a Swift array literal and as the comma-separated `TRUSTED_PROXIES` value.
        public var trustedProxiesLiteral: String
        public var trustedProxiesCSV: String
        public var maxBodySize: String
        public var maxBodySizeBytes: Int
    }

    public struct Database: Sendable, Equatable, Codable {
        public var driver: String
        public var sqlite: Bool
        public var postgres: Bool
        public var sqlitePath: String
        public var sqlitePathLiteral: String
        /// The `DATABASE_URL` the server uses when the environment sets none.
        public var defaultURL: String
        public var defaultURLLiteral: String
        /// The URL of the compose file's PostgreSQL service.
        public var postgresComposeURL: String
        public var postgresUser: String
        public var postgresDatabase: String
    }

    public struct Auth: Sendable, Equatable, Codable {
        public var jwt: JWT
        public var password: Password
        public var registration: Registration
        public var rateLimit: RateLimits
        public var lockout: Lockout

        /// `auth.lockout`; when off, `after` is 0 (the `LOCKOUT_AFTER` value that turns it off).
        public struct Lockout: Sendable, Equatable, Codable {
            public var enabled: Bool
            public var after: Int
            public var seconds: Int
            public var duration: String
        }

        public struct JWT: Sendable, Equatable, Codable {
            public var algorithm: String
            /// The lower-case Swift enum case name: `hs256`, `es256`, `eddsa`.
            public var algorithmCase: String
            public var hmac: Bool
            public var es256: Bool
            public var eddsa: Bool
            public var issuer: String
            public var issuerLiteral: String
            public var audience: String
            public var audienceLiteral: String
            public var accessTokenTTL: String
            public var accessTokenTTLSeconds: Int
            public var refreshTokenTTL: String
            public var refreshTokenTTLSeconds: Int
        }

        public struct Password: Sendable, Equatable, Codable {
            public var bcryptCost: Int
            public var minLength: Int
            public var maxLength: Int
            public var requireUpper: Bool
            public var requireLower: Bool
            public var requireDigit: Bool
            public var requireSpecial: Bool
            /// e.g. "upper, lower, digit, special"; empty for length-only rules.
            public var requirementsText: String
            public var rejectCommon: Bool
        }

        public struct Registration: Sendable, Equatable, Codable {
            public var mode: String
            public var open: Bool
            public var closed: Bool
        }

        public struct RateLimits: Sendable, Equatable, Codable {
            public var login: Rate
            public var register: Rate
        }

        public struct Rate: Sendable, Equatable, Codable {
            public var limit: Int
            public var windowSeconds: Int
            public var text: String
        }
    }

    public struct CORS: Sendable, Equatable, Codable {
        public var allowOrigins: [String]
        public var allowOriginsCSV: String
        public var allowOriginsLiteral: String
        public var allowCredentials: Bool
    }

    public struct Production: Sendable, Equatable, Codable {
        public var httpsOnly: Bool
        public var hsts: Bool
    }

    public struct Docker: Sendable, Equatable, Codable {
        public var enabled: Bool
        public var builderImage: String
        public var runtimeImage: String
        public var compose: Bool
    }

    public struct Resource: Sendable, Equatable, Codable {
        public var name: String
        /// `post` → `Post`.
        public var typeName: String
        /// `post` → `post`; `blog_post` → `blogPost`.
        public var variableName: String
        public var plural: String
        public var pluralTypeName: String
        /// `blog_post` → `blogPosts`: names of lists in Swift.
        public var pluralVariableName: String
        public var tableName: String
        /// e.g. `/api/posts`.
        public var path: String
        public var owned: Bool
        public var fields: [Field]
        public var access: Access
        /// A valid create body, as one line of JSON (README walk-through, smoke run, tests).
        public var exampleJSON: String
        /// A PATCH body changing every field, as one line of JSON.
        public var changeExampleJSON: String
        public var last: Bool

        public struct Field: Sendable, Equatable, Codable {
            public var name: String
            /// `published_at` → `publishedAt`.
            public var propertyName: String
            public var type: String
            public var swiftType: String
            public var optional: Bool
            public var hasMaxLength: Bool
            public var maxLength: Int
            public var hasDefault: Bool
            /// A Swift expression of the field's type, e.g. `false`, `"draft"` or
            /// `Date(timeIntervalSince1970: 1706659200)`; empty when there is no default.
            public var defaultSwift: String
            /// Neither optional nor defaulted: a create body must carry it.
            public var required: Bool
            /// The field's type as a Swift enum value of the generated `FieldType`,
            /// e.g. `.string(maxLength: 200)`, `.string(maxLength: nil)`, `.text`, `.date`.
            public var typeSwift: String
            /// The default as a JSON literal that is also a Swift literal (`false`, `"draft"`,
            /// `"2024-01-31T00:00:00Z"`); empty when there is no default.
            public var defaultJSON: String
            /// A valid value as JSON (also a Swift literal), and a second, different one.
            public var exampleJSON: String
            public var otherExampleJSON: String
            /// A value of the wrong JSON type for this field (also a Swift literal).
            public var invalidJSON: String
            public var sqliteType: String
            public var postgresType: String
            public var last: Bool
        }

        public struct Access: Sendable, Equatable, Codable {
            public var list: String
            public var read: String
            public var create: String
            public var update: String
            public var delete: String
        }
    }

    /// Values that must never be printed by `authgen context` nor stored in base copies.
    public struct Secrets: Sendable, Equatable, Codable {
        /// 64 hex characters from a cryptographically secure generator, fresh at each generation.
        public var secretKey: String
        /// The password of the compose file's PostgreSQL service, likewise fresh.
        public var postgresPassword: String
    }
}
