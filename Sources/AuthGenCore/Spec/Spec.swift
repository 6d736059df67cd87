import Foundation

/// The validated, typed form of an authgen spec (version 1). Every value is already checked;
/// later stages never need to re-validate. Defaults are those of `Examples/blog.yaml`.
package struct Spec: Sendable, Equatable, Codable {
    package var version: Int
    package var project: Project
    package var server: Server
    package var database: Database
    package var auth: Auth
    package var cors: CORS
    package var production: Production
    /// The Swagger UI page at `/docs`.
    package var docs: Docs = .init()
    /// Empty when the spec has no `resources` key.
    package var resources: [Resource]
    /// The `roles` a superuser can grant, in spec order; empty when the spec has none.
    package var roles: [Role] = []
    /// `nil` when the spec has no `docker` key: the Docker files are not rendered.
    package var docker: Docker?
    /// `nil` when the spec has no `email` key: the server sends no mail (the mail feature plugins are off).
    package var email: Email? = nil
    /// `nil` when the spec has no `account` key: users cannot delete or export their account (the account plugin is off).
    package var account: Account? = nil
    /// Plugin name → option name → the value the spec sets, as written (a duration as its text, a list as an array
    /// of strings). Checked against the plugins' declarations when the spec was read with them; options the spec
    /// leaves out take their defaults in the context stage.
    package var plugins: [String: [String: JSONValue]]

    package init(
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
    package struct Project: Sendable, Equatable, Codable {
        /// Lower-case letters, digits and '-', starting with a letter.
        package var name: String
        package var description: String

        package init(name: String, description: String = "") {
            self.name = name
            self.description = description
        }
    }

    package struct Server: Sendable, Equatable, Codable {
        package var framework: String
        package var host: String
        package var port: Int
        /// Starts with '/', never ends with '/' (except the root prefix "" which is stored as "").
        package var apiPrefix: String
        /// Addresses or CIDR ranges (IPv4 or IPv6) whose `X-Forwarded-For` is believed; empty: none.
        package var trustedProxies: [String]
        /// Larger request bodies are refused with 413.
        package var maxBodySize: ByteSize

        package init(
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

    package struct Database: Sendable, Equatable, Codable {
        package enum Driver: String, Sendable, Codable, CaseIterable {
            case sqlite, postgres
        }

        package var driver: Driver
        package var sqlitePath: String

        package init(driver: Driver = .sqlite, sqlitePath: String) {
            self.driver = driver
            self.sqlitePath = sqlitePath
        }

        package static func defaultSQLitePath(for projectName: String) -> String {
            "data/\(projectName).sqlite"
        }
    }

    package struct Auth: Sendable, Equatable, Codable {
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

        package init(
            jwt: JWT, password: Password = .init(), registration: Registration = .open, rateLimit: RateLimits = .init(),
            lockout: Lockout = .init(), session: Session = .init(), compat: Compat = .init(),
            mfa: MFA = .init(), sessions: Sessions = .init(), apiKeys: APIKeys = .init()
        ) {
            self.jwt = jwt
            self.password = password
            self.registration = registration
            self.rateLimit = rateLimit
            self.lockout = lockout
            self.session = session
            self.compat = compat
            self.mfa = mfa
            self.sessions = sessions
            self.apiKeys = apiKeys
        }

        /// `auth.api_keys`: keys a user creates for machines, each limited to some resource actions (the built-in
        /// `api-keys` plugin).
        package struct APIKeys: Sendable, Equatable, Codable {
            package static let maxPerUserRange = 1...1000

            package var enabled: Bool
            /// Keys one user may hold at a time.
            package var maxPerUser: Int
            /// The longest a key works; a key created without `expires_in` gets it.
            package var maxTTL: Duration

            package init(enabled: Bool = false, maxPerUser: Int = 10, maxTTL: Duration = Duration(seconds: 365 * 86400, text: "365d")) {
                self.enabled = enabled
                self.maxPerUser = maxPerUser
                self.maxTTL = maxTTL
            }
        }

        /// `auth.mfa`: a second factor (TOTP, RFC 6238) with single-use recovery codes.
        package struct MFA: Sendable, Equatable, Codable {
            package enum TOTP: String, Sendable, Codable, CaseIterable {
                case off, optional
                case requiredForSuperusers = "required_for_superusers"
                case required
            }

            package static let recoveryCodeRange = 5...20

            package var totp: TOTP
            package var recoveryCodes: Int

            package init(totp: TOTP = .off, recoveryCodes: Int = 10) {
                self.totp = totp
                self.recoveryCodes = recoveryCodes
            }
        }

        /// `auth.session`: a login ends `maxLifetime` after it began, however often its refresh token rotates.
        package struct Session: Sendable, Equatable, Codable {
            package var maxLifetime: Duration

            package init(maxLifetime: Duration = Duration(seconds: 30 * 24 * 3600, text: "30d")) {
                self.maxLifetime = maxLifetime
            }
        }

        /// `auth.compat`: behaviours of the FastAPI guide kept for clients that need them, off by default.
        package struct Compat: Sendable, Equatable, Codable {
            /// The refresh token may also come as the `refresh_token` query parameter.
            package var refreshTokenInQuery: Bool

            package init(refreshTokenInQuery: Bool = false) {
                self.refreshTokenInQuery = refreshTokenInQuery
            }
        }

        /// `auth.sessions`: what users see and control of their logins.
        package struct Sessions: Sendable, Equatable, Codable {
            /// Users list their open sessions and end them (the built-in `sessions` plugin).
            package var list: Bool

            package init(list: Bool = false) {
                self.list = list
            }
        }

        /// `auth.lockout`: after `after` consecutive failed logins a username is locked for `duration`; `off` disables it.
        package struct Lockout: Sendable, Equatable, Codable {
            package var enabled: Bool
            package var after: Int
            package var duration: Duration

            package init(enabled: Bool = true, after: Int = 10, duration: Duration = Duration(seconds: 15 * 60, text: "15m")) {
                self.enabled = enabled
                self.after = after
                self.duration = duration
            }

            package static let off = Lockout(enabled: false)
        }

        package struct JWT: Sendable, Equatable, Codable {
            package enum Algorithm: String, Sendable, Codable, CaseIterable {
                case hs256 = "HS256", hs384 = "HS384", hs512 = "HS512", es256 = "ES256", eddsa = "EdDSA"
            }

            package var algorithm: Algorithm
            package var issuer: String
            package var audience: String
            package var accessTokenTTL: Duration
            package var refreshTokenTTL: Duration
            /// `auth.jwt.jwks` as written; nil: the default, on for ES256 and EdDSA.
            package var jwks: Bool?

            package init(
                algorithm: Algorithm = .hs256, issuer: String, audience: String,
                accessTokenTTL: Duration = Duration(seconds: 30 * 60, text: "30m"),
                refreshTokenTTL: Duration = Duration(seconds: 7 * 24 * 3600, text: "7d"),
                jwks: Bool? = nil
            ) {
                self.algorithm = algorithm
                self.issuer = issuer
                self.audience = audience
                self.accessTokenTTL = accessTokenTTL
                self.refreshTokenTTL = refreshTokenTTL
                self.jwks = jwks
            }

            /// Whether the algorithm signs with a shared secret (HS256/384/512), which can never be published.
            package var usesSharedSecret: Bool { [.hs256, .hs384, .hs512].contains(algorithm) }

            /// Whether the `jwks` plugin publishes the public keys: `auth.jwt.jwks`, by default on for ES256/EdDSA.
            package var publishesJWKS: Bool { jwks ?? !usesSharedSecret }

            package static func defaultAudience(for projectName: String) -> String {
                "\(projectName)-clients"
            }
        }

        package struct Password: Sendable, Equatable, Codable {
            package enum Requirement: String, Sendable, Codable, CaseIterable {
                case upper, lower, digit, special
            }

            package var bcryptCost: Int
            package var minLength: Int
            package var maxLength: Int
            /// In spec order, without duplicates.
            package var require: [Requirement]
            package var rejectCommon: Bool

            package init(bcryptCost: Int = 12, minLength: Int = 8, maxLength: Int = 72, require: [Requirement] = Requirement.allCases, rejectCommon: Bool = true) {
                self.bcryptCost = bcryptCost
                self.minLength = minLength
                self.maxLength = maxLength
                self.require = require
                self.rejectCommon = rejectCommon
            }
        }

        package enum Registration: String, Sendable, Codable, CaseIterable {
            case open, closed
        }

        package struct RateLimits: Sendable, Equatable, Codable {
            package var login: Rate
            package var register: Rate

            package init(login: Rate = Rate(limit: 5, per: .minute), register: Rate = Rate(limit: 10, per: .minute)) {
                self.login = login
                self.register = register
            }
        }
    }

    package struct CORS: Sendable, Equatable, Codable {
        package var allowOrigins: [String]
        package var allowCredentials: Bool

        package init(allowOrigins: [String] = ["http://localhost:3000"], allowCredentials: Bool = true) {
            self.allowOrigins = allowOrigins
            self.allowCredentials = allowCredentials
        }
    }

    package struct Production: Sendable, Equatable, Codable {
        package var httpsOnly: Bool
        package var hsts: Bool

        package init(httpsOnly: Bool = true, hsts: Bool = true) {
            self.httpsOnly = httpsOnly
            self.hsts = hsts
        }
    }

    /// `account`: what users may do with their own account.
    package struct Account: Sendable, Equatable, Codable {
        package enum OnDelete: String, Sendable, Equatable, Codable, CaseIterable {
            /// The resources a user owns stay, with no author (`author_id` null).
            case anonymize
            /// The resources a user owns are deleted with the user.
            case cascade
        }

        /// `DELETE /auth/me`: a user deletes their own account (and superusers delete users).
        package var selfDelete: Bool
        /// `GET /auth/me/export`: a user downloads their profile and everything they own.
        package var export: Bool
        /// What happens to the resources a deleted user owns.
        package var onDelete: OnDelete

        package init(selfDelete: Bool = false, export: Bool = false, onDelete: OnDelete = .anonymize) {
            self.selfDelete = selfDelete
            self.export = export
            self.onDelete = onDelete
        }
    }

    /// What a user's deletion does to the items they own: `account.on_delete`, and `cascade` without an `account`
    /// section (no route deletes users then, and the owner column keeps the shape it always had).
    package var authorOnDelete: Account.OnDelete { account?.onDelete ?? .cascade }

    package struct Docs: Sendable, Equatable, Codable {
        /// Whether `/docs` is served by default (the `DOCS_ENABLED` setting overrides it).
        package var enabled: Bool

        package init(enabled: Bool = true) {
            self.enabled = enabled
        }
    }

    /// A role users can be granted (`PUT /users/{id}/roles/{role}`), named in resource access lists.
    package struct Role: Sendable, Equatable, Codable {
        /// Lower snake case; never `superuser`, `owner`, `public` or `authenticated`.
        package var name: String
        package var description: String

        package init(name: String, description: String) {
            self.name = name
            self.description = description
        }
    }

    package struct Resource: Sendable, Equatable, Codable {
        package var name: String
        /// In spec order.
        package var fields: [Field]
        /// `false` when the spec says `owned: false`: the resource has no owner column.
        package var owned: Bool
        package var access: Access

        package init(name: String, fields: [Field], owned: Bool = true, access: Access = .init()) {
            self.name = name
            self.fields = fields
            self.owned = owned
            self.access = access
        }

        package struct Field: Sendable, Equatable, Codable {
            package enum FieldType: String, Sendable, Codable, CaseIterable {
                case string, text, int, double, bool, date
            }

            package var name: String
            package var type: FieldType
            /// Only for `string` and `text`.
            package var maxLength: Int?
            package var defaultValue: DefaultValue?
            package var optional: Bool

            package init(name: String, type: FieldType, maxLength: Int? = nil, defaultValue: DefaultValue? = nil, optional: Bool = false) {
                self.name = name
                self.type = type
                self.maxLength = maxLength
                self.defaultValue = defaultValue
                self.optional = optional
            }
        }

        /// A field default, already checked against the field's type.
        package enum DefaultValue: Sendable, Equatable, Codable {
            case string(String)
            case int(Int)
            case double(Double)
            case bool(Bool)
        }

        package enum AccessLevel: String, Sendable, Codable, CaseIterable {
            case `public`, authenticated, owner, superuser
        }

        /// Who may do one action: a level, or a list of principals (`[owner, editor]`) any of whom may.
        package enum AccessRule: Sendable, Equatable, Codable {
            case level(AccessLevel)
            /// `authenticated`, `owner`, `superuser` or role names, as written (never `public`, never empty).
            case anyOf([String])

            package static let `public` = AccessRule.level(.public)
            package static let authenticated = AccessRule.level(.authenticated)
            package static let owner = AccessRule.level(.owner)
            package static let superuser = AccessRule.level(.superuser)

            /// The principals it names: a level's word alone, or the list.
            package var principals: [String] {
                switch self {
                case .level(let level): [level.rawValue]
                case .anyOf(let principals): principals
                }
            }

            package var namesOwner: Bool { self.principals.contains(AccessLevel.owner.rawValue) }
        }

        package struct Access: Sendable, Equatable, Codable {
            package var list: AccessRule
            package var read: AccessRule
            package var create: AccessRule
            package var update: AccessRule
            package var delete: AccessRule

            package init(
                list: AccessRule = .public, read: AccessRule = .public, create: AccessRule = .authenticated,
                update: AccessRule = .owner, delete: AccessRule = .owner
            ) {
                self.list = list
                self.read = read
                self.create = create
                self.update = update
                self.delete = delete
            }
        }
    }

    package struct Docker: Sendable, Equatable, Codable {
        package var builderImage: String
        package var runtimeImage: String
        package var compose: Bool
        /// Server processes the compose file runs behind nginx; 1: no proxy.
        package var replicas: Int

        package static let replicaRange = 1...16

        package init(
            builderImage: String = "swift:6.1-noble", runtimeImage: String = "ubuntu:noble", compose: Bool = true, replicas: Int = 1
        ) {
            self.builderImage = builderImage
            self.runtimeImage = runtimeImage
            self.compose = compose
            self.replicas = replicas
        }
    }
}

extension Spec {
    /// `email`: how the server sends mail, and which mail flows it offers.
    package struct Email: Sendable, Equatable, Codable {
        package enum Transport: String, Sendable, Equatable, Codable, CaseIterable {
            /// Through the SMTP server of the `EMAIL_SMTP_URL` setting.
            case smtp
            /// Each mail written as an `.eml` file (development and tests).
            case file
        }

        package enum Verification: String, Sendable, Equatable, Codable, CaseIterable {
            /// No verification mails; `email_verified` is not offered.
            case off
            /// Users verify their address; the flag is informative.
            case optional
            /// Users verify their address before they can log in.
            case required
        }

        /// The sender, as written: `Name <address>` or `address`.
        package var from: String
        package var transport: Transport
        package var verification: Verification
        /// How long a password-reset link works.
        package var passwordResetTTL: Duration
        /// Superusers invite users by email.
        package var invitations: Bool

        /// The lifetimes a password-reset link may have: at least 5 minutes, at most a day.
        package static let passwordResetTTLRange = 300...86400

        package init(
            from: String, transport: Transport = .file, verification: Verification = .optional,
            passwordResetTTL: Duration = Duration(seconds: 1800, text: "30m"), invitations: Bool = false
        ) {
            self.from = from
            self.transport = transport
            self.verification = verification
            self.passwordResetTTL = passwordResetTTL
            self.invitations = invitations
        }

        /// The address of `from` (what follows `<`, or all of it), for the SMTP envelope.
        package var fromAddress: String {
            guard let open = from.lastIndex(of: "<"), from.hasSuffix(">") else { return from }
            return String(from[from.index(after: open)..<from.index(before: from.endIndex)])
        }

        /// The display name of `from`, without its quotes; empty when `from` is a bare address.
        package var fromName: String {
            guard let open = from.lastIndex(of: "<"), from.hasSuffix(">") else { return "" }
            var name = from[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            return name
        }
    }
}

/// A spec duration such as `30m` or `7d`, kept with the text the user wrote.
package struct Duration: Sendable, Equatable, Codable {
    package var seconds: Int
    package var text: String

    package init(seconds: Int, text: String) {
        self.seconds = seconds
        self.text = text
    }

    /// Reads a text that already matches `SpecKeys.duration` (`15m`, `7d`); nil when the number is too large.
    package init?(parsing text: String) {
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
package struct ByteSize: Sendable, Equatable, Codable {
    package var bytes: Int
    package var text: String

    package init(bytes: Int, text: String) {
        self.bytes = bytes
        self.text = text
    }
}

/// A spec rate such as `5/minute`.
package struct Rate: Sendable, Equatable, Codable {
    package enum Period: String, Sendable, Codable, CaseIterable {
        case second, minute, hour, day

        package var seconds: Int {
            switch self {
            case .second: 1
            case .minute: 60
            case .hour: 3600
            case .day: 86400
            }
        }
    }

    package var limit: Int
    package var period: Period

    package init(limit: Int, per period: Period) {
        self.limit = limit
        self.period = period
    }

    package var text: String { "\(limit)/\(period.rawValue)" }
}
