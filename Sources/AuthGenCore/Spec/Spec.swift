/// The validated, typed form of an authgen spec (version 1). Every value is already checked;
/// later stages never need to re-validate. Defaults are those of `Examples/blog.yaml`.
public struct Spec: Sendable, Equatable, Codable {
    public var version: Int
    public var project: Project
    public var server: Server
    public var database: Database
    public var auth: Auth
    public var cors: CORS
    public var production: Production
    /// The Swagger UI page at `/docs`.
    public var docs: Docs = .init()
    /// Empty when the spec has no `resources` key.
    public var resources: [Resource]
    /// `nil` when the spec has no `docker` key: the Docker files are not rendered.
    public var docker: Docker?
    /// Plugin name → option name → the value the spec sets, as written (a duration as its text, a list as an array
    /// of strings). Checked against the plugins' declarations when the spec was read with them; options the spec
    /// leaves out take their defaults in the context stage.
    public var plugins: [String: [String: JSONValue]]

    public init(
        version: Int = 1, project: Project, server: Server = .init(), database: Database? = nil,
        auth: Auth? = nil, cors: CORS = .init(), production: Production = .init(),
        resources: [Resource] = [], docker: Docker? = nil, plugins: [String: [String: JSONValue]] = [:]
    ) {
        self.version = version
        self.project = project
        self.server = server
        self.database = database ?? Database(sqlitePath: Database.defaultSQLitePath(for: project.name))
        self.auth = auth ?? Auth(jwt: .init(issuer: project.name, audience: Auth.JWT.defaultAudience(for: project.name)))
        self.cors = cors
        self.production = production
        self.resources = resources
        self.docker = docker
        self.plugins = plugins
    }
}

extension Spec {
    public struct Project: Sendable, Equatable, Codable {
        /// Lower-case letters, digits and '-', starting with a letter.
        public var name: String
        public var description: String

        public init(name: String, description: String = "") {
            self.name = name
            self.description = description
        }
    }

    public struct Server: Sendable, Equatable, Codable {
        public var framework: String
        public var host: String
        public var port: Int
        /// Starts with '/', never ends with '/' (except the root prefix "" which is stored as "").
        public var apiPrefix: String
        /// Addresses or CIDR ranges (IPv4 or IPv6) whose `X-Forwarded-For` is believed; empty: none.
        public var trustedProxies: [String]
        /// Larger request bodies are refused with 413.
        public var maxBodySize: ByteSize

        public init(
            framework: String = "hummingbird", host: String = "127.0.0.1", port: Int = 8080, apiPrefix: String = "/api",
            trustedProxies: [String] = [], maxBodySize: ByteSize = ByteSize(bytes: 1024 * 1024, text: "1MB")
        ) {
            self.framework = framework
            self.host = host
            self.port = port
            self.apiPrefix = apiPrefix
            self.trustedProxies = trustedProxies
            self.maxBodySize = maxBodySize
        }
    }

    public struct Database: Sendable, Equatable, Codable {
        public enum Driver: String, Sendable, Codable, CaseIterable {
            case sqlite, postgres
        }

        public var driver: Driver
        public var sqlitePath: String

        public init(driver: Driver = .sqlite, sqlitePath: String) {
            self.driver = driver
            self.sqlitePath = sqlitePath
        }

        public static func defaultSQLitePath(for projectName: String) -> String {
            "data/\(projectName).sqlite"
        }
    }

    public struct Auth: Sendable, Equatable, Codable {
        public var jwt: JWT
        public var password: Password
        public var registration: Registration
        public var rateLimit: RateLimits
        public var lockout: Lockout
        public var session: Session
        public var compat: Compat

        public init(
            jwt: JWT, password: Password = .init(), registration: Registration = .open, rateLimit: RateLimits = .init(),
            lockout: Lockout = .init(), session: Session = .init(), compat: Compat = .init()
        ) {
            self.jwt = jwt
            self.password = password
            self.registration = registration
            self.rateLimit = rateLimit
            self.lockout = lockout
            self.session = session
            self.compat = compat
        }

        /// `auth.session`: a login ends `maxLifetime` after it began, however often its refresh token rotates.
        public struct Session: Sendable, Equatable, Codable {
            public var maxLifetime: Duration

            public init(maxLifetime: Duration = Duration(seconds: 30 * 24 * 3600, text: "30d")) {
                self.maxLifetime = maxLifetime
            }
        }

        /// `auth.compat`: behaviours of the FastAPI guide kept for clients that need them, off by default.
        public struct Compat: Sendable, Equatable, Codable {
            /// The refresh token may also come as the `refresh_token` query parameter.
            public var refreshTokenInQuery: Bool

            public init(refreshTokenInQuery: Bool = false) {
                self.refreshTokenInQuery = refreshTokenInQuery
            }
        }

        /// `auth.lockout`: after `after` consecutive failed logins a username is locked for `duration`; `off` disables it.
        public struct Lockout: Sendable, Equatable, Codable {
            public var enabled: Bool
            public var after: Int
            public var duration: Duration

            public init(enabled: Bool = true, after: Int = 10, duration: Duration = Duration(seconds: 15 * 60, text: "15m")) {
                self.enabled = enabled
                self.after = after
                self.duration = duration
            }

            public static let off = Lockout(enabled: false)
        }

        public struct JWT: Sendable, Equatable, Codable {
            public enum Algorithm: String, Sendable, Codable, CaseIterable {
                case hs256 = "HS256", hs384 = "HS384", hs512 = "HS512", es256 = "ES256", eddsa = "EdDSA"
            }

            public var algorithm: Algorithm
            public var issuer: String
            public var audience: String
            public var accessTokenTTL: Duration
            public var refreshTokenTTL: Duration

            public init(
                algorithm: Algorithm = .hs256, issuer: String, audience: String,
                accessTokenTTL: Duration = Duration(seconds: 30 * 60, text: "30m"),
                refreshTokenTTL: Duration = Duration(seconds: 7 * 24 * 3600, text: "7d")
            ) {
                self.algorithm = algorithm
                self.issuer = issuer
                self.audience = audience
                self.accessTokenTTL = accessTokenTTL
                self.refreshTokenTTL = refreshTokenTTL
            }

            public static func defaultAudience(for projectName: String) -> String {
                "\(projectName)-clients"
            }
        }

        public struct Password: Sendable, Equatable, Codable {
            public enum Requirement: String, Sendable, Codable, CaseIterable {
                case upper, lower, digit, special
            }

            public var bcryptCost: Int
            public var minLength: Int
            public var maxLength: Int
            /// In spec order, without duplicates.
            public var require: [Requirement]
            public var rejectCommon: Bool

            public init(bcryptCost: Int = 12, minLength: Int = 8, maxLength: Int = 72, require: [Requirement] = Requirement.allCases, rejectCommon: Bool = true) {
                self.bcryptCost = bcryptCost
                self.minLength = minLength
                self.maxLength = maxLength
                self.require = require
                self.rejectCommon = rejectCommon
            }
        }

        public enum Registration: String, Sendable, Codable, CaseIterable {
            case open, closed
        }

        public struct RateLimits: Sendable, Equatable, Codable {
            public var login: Rate
            public var register: Rate

            public init(login: Rate = Rate(limit: 5, per: .minute), register: Rate = Rate(limit: 10, per: .minute)) {
                self.login = login
                self.register = register
            }
        }
    }

    public struct CORS: Sendable, Equatable, Codable {
        public var allowOrigins: [String]
        public var allowCredentials: Bool

        public init(allowOrigins: [String] = ["http://localhost:3000"], allowCredentials: Bool = true) {
            self.allowOrigins = allowOrigins
            self.allowCredentials = allowCredentials
        }
    }

    public struct Production: Sendable, Equatable, Codable {
        public var httpsOnly: Bool
        public var hsts: Bool

        public init(httpsOnly: Bool = true, hsts: Bool = true) {
            self.httpsOnly = httpsOnly
            self.hsts = hsts
        }
    }

    public struct Docs: Sendable, Equatable, Codable {
        /// Whether `/docs` is served by default (the `DOCS_ENABLED` setting overrides it).
        public var enabled: Bool

        public init(enabled: Bool = true) {
            self.enabled = enabled
        }
    }

    public struct Resource: Sendable, Equatable, Codable {
        public var name: String
        /// In spec order.
        public var fields: [Field]
        /// `false` when the spec says `owned: false`: the resource has no owner column.
        public var owned: Bool
        public var access: Access

        public init(name: String, fields: [Field], owned: Bool = true, access: Access = .init()) {
            self.name = name
            self.fields = fields
            self.owned = owned
            self.access = access
        }

        public struct Field: Sendable, Equatable, Codable {
            public enum FieldType: String, Sendable, Codable, CaseIterable {
                case string, text, int, double, bool, date
            }

            public var name: String
            public var type: FieldType
            /// Only for `string` and `text`.
            public var maxLength: Int?
            public var defaultValue: DefaultValue?
            public var optional: Bool

            public init(name: String, type: FieldType, maxLength: Int? = nil, defaultValue: DefaultValue? = nil, optional: Bool = false) {
                self.name = name
                self.type = type
                self.maxLength = maxLength
                self.defaultValue = defaultValue
                self.optional = optional
            }
        }

        /// A field default, already checked against the field's type.
        public enum DefaultValue: Sendable, Equatable, Codable {
            case string(String)
            case int(Int)
            case double(Double)
            case bool(Bool)
        }

        public enum AccessLevel: String, Sendable, Codable, CaseIterable {
            case `public`, authenticated, owner, superuser
        }

        public struct Access: Sendable, Equatable, Codable {
            public var list: AccessLevel
            public var read: AccessLevel
            public var create: AccessLevel
            public var update: AccessLevel
            public var delete: AccessLevel

            public init(
                list: AccessLevel = .public, read: AccessLevel = .public, create: AccessLevel = .authenticated,
                update: AccessLevel = .owner, delete: AccessLevel = .owner
            ) {
                self.list = list
                self.read = read
                self.create = create
                self.update = update
                self.delete = delete
            }
        }
    }

    public struct Docker: Sendable, Equatable, Codable {
        public var builderImage: String
        public var runtimeImage: String
        public var compose: Bool
        /// Server processes the compose file runs behind nginx; 1: no proxy.
        public var replicas: Int

        public static let replicaRange = 1...16

        public init(
            builderImage: String = "swift:6.1-noble", runtimeImage: String = "ubuntu:noble", compose: Bool = true, replicas: Int = 1
        ) {
            self.builderImage = builderImage
            self.runtimeImage = runtimeImage
            self.compose = compose
            self.replicas = replicas
        }
    }
}

/// A spec duration such as `30m` or `7d`, kept with the text the user wrote.
public struct Duration: Sendable, Equatable, Codable {
    public var seconds: Int
    public var text: String

    public init(seconds: Int, text: String) {
        self.seconds = seconds
        self.text = text
    }

    /// Reads a text that already matches `SpecKeys.duration` (`15m`, `7d`); nil when the number is too large.
    public init?(parsing text: String) {
        let unit: Int = switch text.last {
        case "s": 1
        case "m": 60
        case "h": 3600
        default: 86400
        }
        guard let count = Int(text.dropLast()) else { return nil }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        self.init(seconds: seconds, text: text)
    }
}

/// A spec size such as `1MB` (KB = 1024 bytes, MB = 1024 KB).
public struct ByteSize: Sendable, Equatable, Codable {
    public var bytes: Int
    public var text: String

    public init(bytes: Int, text: String) {
        self.bytes = bytes
        self.text = text
    }
}

/// A spec rate such as `5/minute`.
public struct Rate: Sendable, Equatable, Codable {
    public enum Period: String, Sendable, Codable, CaseIterable {
        case second, minute, hour, day

        public var seconds: Int {
            switch self {
            case .second: 1
            case .minute: 60
            case .hour: 3600
            case .day: 86400
            }
        }
    }

    public var limit: Int
    public var period: Period

    public init(limit: Int, per period: Period) {
        self.limit = limit
        self.period = period
    }

    public var text: String { "\(limit)/\(period.rawValue)" }
}
