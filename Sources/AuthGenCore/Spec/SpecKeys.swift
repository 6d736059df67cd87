/// The one table of spec (version 1) keys: the reader accepts exactly these keys and checks their
/// types, formats, ranges and allowed values from here; `SpecSchema` prints the same table as JSON Schema.
/// Defaults shown here are those of the `Spec` initialisers (a test checks that they agree).
enum SpecKeys {
    // MARK: Formats

    static let projectName = SpecFormat(
        pattern: "^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
        hint: "lower-case letters and digits in words joined by single '-', starting with a letter, at most 50 characters (e.g. blog-api)",
        maxLength: 50)
    static let snakeName = SpecFormat(
        pattern: "^[a-z][a-z0-9_]*$",
        hint: "lower snake case: a lower-case letter, then lower-case letters, digits or '_' (e.g. blog_post)")
    /// At most 40 characters: the table's `<plural>_created_at` index and `<plural>_author_id_fkey` constraint (the
    /// name PostgreSQL gives the inline REFERENCES, which the anonymize migration drops by name) stay within
    /// PostgreSQL's 63-byte names, which it would otherwise shorten, and
    /// the generated file names (`Migration+Add<Field>To<Plural>.swift`) within a file system's 255.
    static let resourceName = SpecFormat(
        pattern: snakeName.pattern,
        hint: "lower snake case: a lower-case letter, then lower-case letters, digits or '_' (e.g. blog_post), at most 40 characters",
        maxLength: 40)
    /// At most 50 characters: a column name stays within PostgreSQL's 63-byte identifiers.
    static let fieldName = SpecFormat(
        pattern: snakeName.pattern,
        hint: "lower snake case: a lower-case letter, then lower-case letters, digits or '_' (e.g. published_at), at most 50 characters",
        maxLength: 50)
    /// A host name or an IPv4/IPv6 address: printed into `.env.example` and the README's shell commands.
    static let host = SpecFormat(
        pattern: "^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7})$",
        hint: "a host name (letters, digits, '-' and '.') or an IP address, e.g. 127.0.0.1, 0.0.0.0 or localhost",
        maxLength: 253)
    /// A Docker image reference (`[registry[:port]/]name[:tag][@digest]`): printed after `FROM` in the Dockerfile.
    static let dockerImage = SpecFormat(
        pattern: "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$",
        hint: "an image reference such as swift:6.1-noble, ubuntu:noble or registry.example.com:5000/team/swift:6.1",
        maxLength: 255)
    /// Text that must stay on one line (a JWT claim): no line breaks or other control characters.
    static let singleLine = SpecFormat(
        pattern: "^[^\\x00-\\x1F\\x7F]*$",
        hint: "one line of text without control characters (no line breaks or tabs)",
        maxLength: 200)
    static let pluginName = SpecFormat(
        pattern: "^[A-Za-z0-9][A-Za-z0-9._-]*$",
        hint: "a plugin name made of letters, digits, '.', '_' or '-' (e.g. hummingbird)")
    static let apiPrefix = SpecFormat(
        pattern: "^(/|(/(?!\\.\\.?(/|$))[A-Za-z0-9._~-]+)+)$",
        hint: "'/' or a path such as /api or /api/v1: starting with '/', without a trailing '/', no '.' or '..' segment, only letters, digits and . _ ~ -")
    static let duration = SpecFormat(
        pattern: "^[1-9][0-9]*(s|m|h|d)$",
        hint: "a whole number followed by s, m, h or d (seconds, minutes, hours, days), e.g. 30m or 7d")
    static let rate = SpecFormat(
        pattern: "^[1-9][0-9]*/(second|minute|hour|day)$",
        hint: "N/second, N/minute, N/hour or N/day with N at least 1, e.g. 5/minute")
    static let relativePath = SpecFormat(
        pattern: "^(?!/)(?!(.*/)?\\.\\.(/|$))[A-Za-z0-9._/-]+$",
        hint: "a relative path without '..', of letters, digits and . _ - / (e.g. data/app.sqlite)",
        maxLength: 200)
    static let byteSize = SpecFormat(
        pattern: "^[1-9][0-9]*(B|KB|MB)$",
        hint: "a whole number followed by B, KB or MB (KB = 1024 bytes), e.g. 1MB or 64KB")
    static let networkAddress = SpecFormat(
        pattern: "^((((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?)|([0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(/([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?))$",
        hint: "an IPv4 or IPv6 address, optionally with a /prefix length (e.g. 127.0.0.1, 10.0.0.0/8 or ::1)")
    static let origin = SpecFormat(
        pattern: "^(\\*|https?://([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:.]+\\])(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?)$",
        hint: "'*' or scheme://host[:port] with scheme http or https, no path and no trailing '/' (e.g. https://app.example.com)")

    /// A mailbox for the From header: `address`, `Name <address>` or `"Name" <address>`. The address is ASCII
    /// (`local@domain`, dot-atom local part, a host name); the name is words of letters (any script), digits and
    /// `!#$%&'*+-/=?^_`{|}~.` joined by single spaces, or a quoted string; no control characters anywhere (a line
    /// break would inject a header).
    static let mailbox: SpecFormat = {
        let atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
        let address = "\(atom)(\\.\(atom))*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
        let word = "[^\\x00-\\x20\\x7F-\\x9F\\u2028\\u2029()<>\\[\\]:;@\\\\,\"]+"
        let quoted = "\"[^\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029\"\\\\]+\""
        return SpecFormat(
            pattern: "^(\(address)|(\(word)( \(word))*|\(quoted)) <\(address)>)$",
            hint: "a mailbox: an address (no-reply@example.com) or a name and an address (Blog <no-reply@example.com>); the name without ( ) < > [ ] : ; @ \\ , or quotes unless it is quoted as a whole",
            maxLength: 254)
    }()

    // MARK: Reserved names

    /// Swift keywords: a field or resource with such a name would not compile as a property or type.
    static let swiftKeywords = [
        "associatedtype", "as", "any", "await", "break", "case", "catch", "class", "continue", "default", "defer", "deinit",
        "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard", "if", "import",
        "in", "init", "inout", "internal", "is", "let", "nil", "open", "operator", "precedencegroup", "private", "protocol",
        "public", "repeat", "rethrows", "return", "self", "static", "struct", "subscript", "super", "switch", "throw",
        "throws", "true", "try", "typealias", "var", "where", "while",
    ]
    /// Columns every resource table already has.
    static let generatedColumns = ["id", "author_id", "created_at", "updated_at"]
    /// Path segments the generated server already routes.
    static let builtInRoutes = ["auth", "users", "health", "ready", "docs", "openapi"]
    /// Tables the generated server already has (a resource's table is its plural).
    static let builtInTables = ["users", "refresh_tokens", "sessions", "rate_limit_counters", "login_failures", "schema_migrations"]

    /// Every upper-case Swift name the generated server declares or uses (its types, the libraries' types it names,
    /// its file names): a resource whose types (`SpecResourceDecoder.swiftTypeNames`) would be one of them is refused.
    /// `BuiltInNamesTests` renders the server and fails when a name is missing here.
    static let builtInSwiftNames: Set<String> = [
        "APIError", "APIKeyPurgeTests", "Access", "AccessClaims", "AccessLevel", "AccountDeletionController",
        "AccountDeletionTests", "AccountExportController", "AccountExportTests", "AccountExportWriter",
        "AccountExtension", "AccountIntegrityTests", "AccountOwnedItemsTests", "AccountTestSupport", "AccountUser",
        "ActiveSessionCache", "Actor", "Actors", "Answers", "Any", "AnyDecodable", "App", "AppEnvironment",
        "AppRepository", "AppRequestContext", "AppRequestDecoder", "Application", "ApplicationProtocol",
        "ApplicationRequestContextSource", "ArgumentParser", "Array", "AsyncIterator", "AsyncMapSequence",
        "AsyncParsableCommand", "AsyncStream", "AudienceClaim", "AuthController", "AuthFlowTests", "AuthMechanism",
        "AuthPaths", "AuthRepository", "AuthRequestContext", "AuthRequests", "AuthenticatedUser",
        "AuthenticatorMiddleware", "Base32", "Base64URL", "Body", "BodyReader", "BodySizeLimitMiddleware", "Bool",
        "BoringSSLError", "BuildingBlocks", "ByteBuffer", "CORSAllowListMiddleware", "CORSSettings", "CacheTests",
        "CancellationError", "CaseIterable", "Certificate", "ChangeEmailRequest", "ChangePasswordRequest", "Changed",
        "Channel", "ChannelError", "ChannelHandlerContext", "ChannelInboundHandler", "Character", "CharacterSet",
        "CheckedContinuation", "Claimed", "ClientAddressMiddleware", "ClientAddressTests", "ClientBootstrap",
        "ClosedRange", "CocoaError", "Codable", "CodingKey", "CodingKeys", "CommandConfiguration", "CommandFailure",
        "CommandSupport", "CommonName", "CommonPasswords", "Comparable", "Compiled", "ConfirmTOTPRequest", "Confirmed",
        "ConnectionCloseMiddleware", "Context", "Continuation", "ContinuousClock", "CoreRequestContextStorage",
        "CounterKey", "CounterStore", "CounterWindow", "CountingHasher", "CreateSuperuser", "Credentials", "Critical",
        "Crypto", "Curve25519", "CustomStringConvertible", "CustomTestStringConvertible", "Darwin", "Data",
        "DataProtocol", "Database", "DatabaseLocation", "Date", "DateFormatter", "DateParsing", "Decodable", "Decoder",
        "Decoding", "DecodingError", "DeleteAccountRequest", "Dictionary", "DigestAlgorithm", "DiscoveryDocument",
        "DiscoveryDocumentMaker", "Dispatch", "DispatchSemaphore", "DistinguishedName", "DocsController",
        "DocsPageTests", "DocsSettings", "Double", "Duration", "EC", "ECHO", "EIO", "ES256PrivateKey", "Ed25519",
        "EditedResponse", "EmailExtension", "EmailVerificationController", "EmailVerificationExtension",
        "EmailVerificationMail", "EmailVerificationPurgeTests", "EmailVerificationRequests", "EmailVerificationTests",
        "EmailVerificationTokens", "Encodable", "Encoder", "Enrolment", "Entry", "Environment", "Equatable", "Error",
        "ErrorMiddleware", "EventLoop", "EventLoopGroup", "Example", "ExpectedStatuses", "ExpirationClaim",
        "ExpiringCache", "ExpiryText", "ExpressibleByArrayLiteral", "ExpressibleByBooleanLiteral",
        "ExpressibleByDictionaryLiteral", "ExpressibleByFloatLiteral", "ExpressibleByIntegerLiteral",
        "ExpressibleByNilLiteral", "ExpressibleByStringLiteral", "ExtendedKeyUsage", "ExtensionDatabase",
        "ExtensionRow", "ExtensionServer", "ExtensionServices", "ExtensionServicesTests", "ExtensionStatement",
        "ExtensionUserRepository", "ExtensionUserRepositoryTests", "ExtensionValue", "Failure", "FieldDescription",
        "FieldProblem", "FieldRule", "FieldType", "FileTransport", "FileTransportTests", "ForeignKeyViolation",
        "Foundation", "Garden42", "Generation", "Glibc", "HKDF", "HMAC", "HMACKey", "HS256", "HTTPConnectionTests",
        "HTTPError", "HTTPFields", "HTTPHeaderTests", "HTTPResponseError", "HTTPSOnlyMiddleware", "HTTPTypes",
        "Hashable", "Header", "HealthController", "Healthcheck", "Hex", "Hummingbird", "HummingbirdAuth",
        "HummingbirdBcrypt", "HummingbirdOTP", "HummingbirdTesting", "IDClaim", "IOError", "IPRange", "Identity",
        "IdleStateHandler", "InboundIn", "InboundOut", "Int", "Int16", "Int32", "Int64", "Invitation",
        "InvitationAcceptRequest", "InvitationMail", "InvitationPurgeTests", "InvitationRequest", "InvitationTests",
        "Invitations", "InvitationsController", "InvitationsExtension", "IssuedAtClaim", "IssuedTokens", "IssuerClaim",
        "JSONAnswerTests", "JSONDecoder", "JSONEncoder", "JSONFixture", "JSONValue", "JSONWebKeySet", "JWKIdentifier",
        "JWKSController", "JWKSExtension", "JWKSTests", "JWT", "JWTAlgorithm", "JWTAuthenticator", "JWTKeyCollection",
        "JWTKit", "JWTPayload", "JWTSettings", "Key", "KeyRotation", "KeyRotationTests", "KeyUsage", "Keys",
        "LineReader", "Linux", "List", "Locale", "LockoutSettings", "LockoutTests", "LogEvent", "LogHandler", "Logger",
        "Logging", "LoginAbuseTests", "LoginLockout", "LogoutAllRequest", "M", "MFAAccountDeletionTests", "MFAClock",
        "MFAController", "MFAExtension", "MFAPolicy", "MFAPurgeTests", "MFARequests", "MFAStore", "MFATests",
        "MailAddress", "MailComposer", "MailComposerTests", "MailDefaults", "MailDeliveryError", "MailDeliveryService",
        "MailDeliveryTests", "MailFlowTestSupport", "MailFolder", "MailFormatError", "MailHeaderText",
        "MailLinkBuilder", "MailLinkStyle", "MailMessage", "MailMessageTests", "MailOutbox", "MailRetryPolicy",
        "MailSetup", "MailSetupError", "MailSetupTests", "MailTemplate", "MailTemplateName", "MailTemplates",
        "MailTestSupport", "MailTransport", "MailTransportKind", "Mailer", "MailerTests", "MalformedInputTests",
        "Meadow77", "MemoryLayout", "MessageResponse", "Migrate", "Migration", "MigrationRefusal", "MigrationRefused",
        "Migrations", "Musl", "Mustache", "MustacheTemplate", "NIOAny", "NIOAsyncChannel",
        "NIOAsyncChannelInboundStream", "NIOAsyncChannelOutboundWriter", "NIOConcurrencyHelpers", "NIOCore",
        "NIOLockedValueBox", "NIOPosix", "NIOSSL", "NIOSSLCertificate", "NIOSSLClientHandler", "NIOSSLContext",
        "NIOSSLError", "NIOSSLExtraError", "NIOSSLPrivateKey", "NIOSSLServerHandler", "NIOThreadPool",
        "NIOTooManyBytesError", "NSNull", "NSRecursiveLock", "NetworkPrefix", "Never", "NewUser", "NoStoreMiddleware",
        "NoStoreTests", "NotBeforeClaim", "OKP", "ObjectIdentifier", "OneTimeComparison", "OneTimeToken",
        "OpenAPIDocument", "OpenAPITests", "Option", "Other", "OutgoingMail", "OwnedItems", "P", "P256", "POLLIN",
        "POSIXError", "PSQLError", "Package", "PackageDescription", "Pagination", "Parameters", "ParsableCommand",
        "Password1", "PasswordAndCodeRequest", "PasswordChangeController", "PasswordChangeExtension",
        "PasswordChangeTests", "PasswordChecking", "PasswordConfirmation", "PasswordHasher", "PasswordHashingError",
        "PasswordPolicy", "PasswordPrompt", "PasswordResetConfirmRequest", "PasswordResetController",
        "PasswordResetExtension", "PasswordResetMail", "PasswordResetPurgeTests", "PasswordResetRequest",
        "PasswordResetRequests", "PasswordResetTests", "PasswordResetTokens", "PluginTestValues", "PluginUserFields",
        "PostgresBindings", "PostgresCell", "PostgresClient", "PostgresConnection", "PostgresDatabase",
        "PostgresLocation", "PostgresMigrator", "PostgresNIO", "PostgresNotificationSequence", "PostgresQuery",
        "PostgresRepository", "PostgresRow", "PostgresSessionStore", "PostgresTestSlots", "PostgresTransactionError",
        "Principal", "PrivateKeyList", "PublicJWK", "Purge", "PurgeService", "PurgeTests", "PurgedRows", "Rainy",
        "RateLimitMiddleware", "RateLimitPolicy", "RateLimitRule", "RateLimitSettings", "RateLimitTests", "RateLimiter",
        "RawConnection", "RawRepresentable", "ReadCounter", "Received", "ReceivedMail", "RecordedLogs",
        "RecordingHandler", "RecoveryCodesResponse", "RefreshHardeningTests", "RefreshLogoutTests", "RefreshRequest",
        "RefreshTokenDigest", "RefreshTokenUse", "RegisterRequest", "RegistrationRules", "RegistrationTests",
        "RemoteAddressRequestContext", "RemovableChannelHandler", "Replica", "ReportReader", "RepositoryError",
        "RepositoryFactory", "Request", "RequestContext", "RequestDecoder", "RequestLimitTests",
        "RequestLoggerMiddleware", "RequestValidationError", "RequireAccessMiddleware",
        "RequireAuthenticationMiddleware", "RequireSuperuserMiddleware", "ResendVerificationRequest", "ResourceAccess",
        "ResourceAction", "ResourceCatalog", "ResourceDescription", "ResourcePaths", "ResourceTestSupport", "Response",
        "ResponseBody", "ResponseBodyWriter", "ResponseEncodable", "ResponseGenerator", "Result", "Retire", "Role",
        "Rotate", "Router", "RouterGroup", "RouterMiddleware", "RouterPath", "SHA256", "SMTPConfiguration",
        "SMTPConfigurationError", "SMTPConfigurationTests", "SMTPDeliveryTests", "SMTPProtocolError", "SMTPReply",
        "SMTPReplyHandler", "SMTPSession", "SMTPTimeoutHandler", "SMTPTransport", "SMTPTransportTests",
        "SQLiteConnection", "SQLiteData", "SQLiteDataConvertible", "SQLiteError", "SQLiteInt64", "SQLiteMigrator",
        "SQLiteNIO", "SQLiteRepository", "SQLiteRow", "SQLiteSessionStore", "Schemas", "Script", "ScriptedSMTPServer",
        "ScriptedTransport", "SecretKeyCheck", "Security", "SecurityHeadersMiddleware", "Self", "Sendable", "Sequence",
        "Serve", "ServerBootstrap", "ServerExtension", "ServerExtensions", "Service", "ServiceGroup",
        "ServiceGroupConfiguration", "ServiceLifecycle", "Session", "SessionChangeListener", "SessionChangeTests",
        "SessionDetails", "SessionRepository", "SessionResponse", "SessionStart", "SessionStarter", "SessionSummary",
        "SessionTests", "SessionUseThrottle", "SessionsController", "SessionsExtension", "Set", "Settings",
        "SettingsChange", "SettingsError", "SettingsTests", "SharedExtensionValue", "SharedTestCounter",
        "SharedTestTally", "ShutdownNotice", "ShutdownState", "ShutdownTests", "SigningAlgorithm", "SigningKeyTests",
        "SigningKeys", "SocketAddress", "Some", "SourceLocation", "SpecDefaults", "State", "StatusResponse",
        "StoredRefreshToken", "String", "StringProtocol", "SubjectAlternativeNames", "SubjectClaim", "Substring",
        "Suite", "Sunny", "SwaggerUIAssets", "SwiftLogNoOpLogHandler", "SymmetricKey", "SystemRandomNumberGenerator",
        "T", "TCSAFLUSH", "TLS", "TLSMode", "TOTP", "TOTPCodes", "TOTPSecretBox", "TOTPSecretBoxError",
        "TOTPSetupResponse", "Task", "TaskLocal", "Test", "TestCertificates", "TestClientProtocol", "TestContext",
        "TestDatabase", "TestResponse", "TestSupport", "TestValues", "Testing", "TestingSetup", "TimeAmount",
        "TimeInterval", "TimeZone", "TokenAttackTests", "TokenClaims", "TokenError", "TokenRequest", "TokenResponse",
        "TokenService", "TokenTests", "TokenType", "UInt16", "UInt64", "UInt8", "URL", "URLComponents",
        "URLEncodedFormDecoder", "UTF8", "UUID", "UnownedSerialExecutor", "UnsafeMutablePointer", "User",
        "UserAdminTests", "UserRepository", "UserResponse", "UserRolesController", "UserRolesTests", "UserStateTests",
        "UserUpdateRequest", "Username", "UsersController", "UsersPath", "ValidationError", "ValidationIssue", "Value",
        "Values", "VerifiedTokenCache", "VerifyEmailRequest", "VerifyMFARequest", "Void", "Waits", "WritableKeyPath",
        "Wrong", "WrongSecondFactor", "X509", "build",
    ]

    // MARK: Shapes

    static let accessLevels = Spec.Resource.AccessLevel.allCases.map(\.rawValue)

    static let access = SpecShape("resources[].access", [
        SpecKey("list", .accessRule(levels: accessLevels), "Who may list the resource's items (owner is not possible: a list has no single owner).", default: .string("public")),
        SpecKey("read", .accessRule(levels: accessLevels), "Who may read one item.", default: .string("public")),
        SpecKey("create", .accessRule(levels: accessLevels), "Who may create an item (owner is not possible: there is no owner before creation).", default: .string("authenticated")),
        SpecKey("update", .accessRule(levels: accessLevels), "Who may update an item (owner: its author; a list such as [owner, editor]: any of them; a superuser always may).", default: .string("owner")),
        SpecKey("delete", .accessRule(levels: accessLevels), "Who may delete an item (owner: its author; a list such as [superuser, editor]: any of them; a superuser always may).", default: .string("owner")),
    ])

    /// Words an access list already gives a meaning; a role cannot take them.
    static let reservedRoleNames = accessLevels + ["all"]
    /// At most 40 characters, like a resource's name; no space, since `users.roles` separates them with spaces.
    static let roleName = SpecFormat(
        pattern: snakeName.pattern,
        hint: "lower snake case: a lower-case letter, then lower-case letters, digits or '_' (e.g. editor), at most 40 characters",
        maxLength: 40)

    static let role = SpecShape("roles.*", [
        SpecKey("description", .string(format: singleLine, nonEmpty: true), "What the role may do, in a few words (the OpenAPI document and the README show it).", required: true),
    ])

    static let field = SpecShape("resources[].fields.*", [
        SpecKey("type", .choice(Spec.Resource.Field.FieldType.allCases.map(\.rawValue)), "The field's type.", required: true),
        SpecKey("max_length", .integer(minimum: 1, maximum: 10000), "Maximum length in characters; only for types string and text (longer values are refused with 422)."),
        SpecKey("default", .anyScalar, "Default value; must match the field's type (a date takes YYYY-MM-DD or an ISO 8601 date-time)."),
        SpecKey("optional", .boolean, "Whether the field may be null.", default: .bool(false)),
    ])

    static let resource = SpecShape("resources[]", [
        SpecKey("name", .string(format: resourceName, nonEmpty: true), "Singular resource name in lower snake case; routes use its plural.", required: true),
        SpecKey("owned", .boolean, "Whether each item has an owner (its author), which `owner` access needs.", default: .bool(true)),
        SpecKey("fields", .namedObjects(names: fieldName, reserved: generatedColumns, value: field, minCount: 1),
                "The resource's fields by name, in order (id, author_id, created_at and updated_at are generated).", required: true),
        SpecKey("access", .object(access), "Who may do what with the resource."),
    ])

    static let project = SpecShape("project", [
        SpecKey("name", .string(format: projectName, nonEmpty: true), "Project name; the Swift package and executable names derive from it.", required: true),
        SpecKey("description", .string(format: nil, nonEmpty: false), "One-line description of the project.", default: .string("")),
    ])

    static let server = SpecShape("server", [
        SpecKey("framework", .string(format: pluginName, nonEmpty: true), "The framework plugin that renders the server.", default: .string("hummingbird")),
        SpecKey("host", .string(format: host, nonEmpty: true), "Address the server listens on.", default: .string("127.0.0.1")),
        SpecKey("port", .integer(minimum: SettingRanges.port.spec.lowerBound, maximum: SettingRanges.port.spec.upperBound), "Port the server listens on.", default: .int(8080)),
        SpecKey("api_prefix", .string(format: apiPrefix, nonEmpty: true), "Path prefix of every API route; '/' for none.", default: .string("/api")),
        SpecKey("trusted_proxies", .list(of: .string(format: networkAddress, nonEmpty: true), unique: true),
                "Proxies (addresses or CIDR ranges) whose X-Forwarded-For gives the client address; [] trusts none. TRUSTED_PROXIES overrides it.",
                default: .array([])),
        SpecKey("max_body_size", .string(format: byteSize, nonEmpty: true),
                "Largest request body accepted; larger ones get 413. MAX_BODY_SIZE (bytes) overrides it.", default: .string("1MB")),
    ])

    static let database = SpecShape("database", [
        SpecKey("driver", .choice(Spec.Database.Driver.allCases.map(\.rawValue)), "sqlite (embedded) or postgres; DATABASE_URL overrides it at run time.", default: .string("sqlite")),
        SpecKey("sqlite_path", .string(format: relativePath, nonEmpty: true), "SQLite database file, relative to the working directory. Default: data/<project name>.sqlite."),
    ])

    static let jwt = SpecShape("auth.jwt", [
        SpecKey("algorithm", .choice(Spec.Auth.JWT.Algorithm.allCases.map(\.rawValue)), "JWT signing algorithm.", default: .string("HS256")),
        SpecKey("issuer", .string(format: singleLine, nonEmpty: true), "The tokens' iss claim. Default: the project name."),
        SpecKey("audience", .string(format: singleLine, nonEmpty: true), "The tokens' aud claim. Default: <project name>-clients."),
        SpecKey("access_token_ttl", .string(format: duration, nonEmpty: true), "Lifetime of an access token; shorter than refresh_token_ttl.", default: .string("30m")),
        SpecKey("refresh_token_ttl", .string(format: duration, nonEmpty: true), "Lifetime of a refresh token.", default: .string("7d")),
        SpecKey("jwks", .boolean,
                "Publish the public signing keys at /.well-known/jwks.json and /.well-known/openid-configuration (the jwks plugin). Default: true for ES256 and EdDSA; an error with HS256/384/512, whose secret cannot be published."),
    ])

    static let password = SpecShape("auth.password", [
        SpecKey("bcrypt_cost", .integer(minimum: SettingRanges.bcryptCost.spec.lowerBound, maximum: SettingRanges.bcryptCost.spec.upperBound), "bcrypt work factor.", default: .int(12)),
        SpecKey("min_length", .integer(minimum: 1, maximum: 72), "Minimum password length.", default: .int(8)),
        SpecKey("max_length", .integer(minimum: 1, maximum: 72), "Maximum password length; bcrypt reads at most 72 bytes.", default: .int(72)),
        SpecKey("require", .list(of: .choice(Spec.Auth.Password.Requirement.allCases.map(\.rawValue)), unique: true),
                "Character classes a password must contain; [] for length-only rules.",
                default: .array(Spec.Auth.Password.Requirement.allCases.map { .string($0.rawValue) })),
        SpecKey("reject_common", .boolean, "Reject well-known common passwords.", default: .bool(true)),
    ])

    static let rateLimit = SpecShape("auth.rate_limit", [
        SpecKey("login", .string(format: rate, nonEmpty: true), "Login attempts allowed per client.", default: .string("5/minute")),
        SpecKey("register", .string(format: rate, nonEmpty: true), "Registrations allowed per client.", default: .string("10/minute")),
    ])

    static let lockout = SpecShape("auth.lockout", [
        SpecKey("after", .integer(minimum: SettingRanges.lockoutAfter.spec.lowerBound, maximum: SettingRanges.lockoutAfter.spec.upperBound), "Consecutive failed logins of one username (known or not) that lock it.", default: .int(10)),
        SpecKey("for", .string(format: duration, nonEmpty: true), "How long the lock lasts; attempts during it neither count nor extend it.", default: .string("15m")),
    ])

    static let session = SpecShape("auth.session", [
        SpecKey("max_lifetime", .string(format: duration, nonEmpty: true),
                "How long a login lasts at most, however often its refresh token rotates; then the user logs in again. At least refresh_token_ttl. SESSION_MAX_LIFETIME_SECONDS overrides it.",
                default: .string("30d")),
    ])

    static let compat = SpecShape("auth.compat", [
        SpecKey("refresh_token_in_query", .boolean,
                "Also accept the refresh token as the refresh_token query parameter, as the FastAPI guide does (it then ends up in access logs); by default only the JSON body is read.",
                default: .bool(false)),
    ])

    static let mfa = SpecShape("auth.mfa", [
        SpecKey("totp", .choice(Spec.Auth.MFA.TOTP.allCases.map(\.rawValue)),
                "off: no second factor; optional: users may turn TOTP on; required_for_superusers / required: those users must enrol before any other route answers them.",
                default: .string("off")),
        SpecKey("recovery_codes", .integer(minimum: Spec.Auth.MFA.recoveryCodeRange.lowerBound, maximum: Spec.Auth.MFA.recoveryCodeRange.upperBound),
                "Single-use recovery codes a user gets when turning TOTP on.", default: .int(10)),
    ])

    static let sessions = SpecShape("auth.sessions", [
        SpecKey("list", .boolean,
                "Users see their open sessions and end them (GET /auth/sessions, DELETE /auth/sessions/{id}, POST /auth/logout-all; superusers: /users/{id}/sessions): the built-in sessions plugin.",
                default: .bool(false)),
    ])

    static let apiKeys = SpecShape("auth.api_keys", [
        SpecKey("enabled", .boolean,
                "Users create keys for machines (POST/GET /auth/api-keys, DELETE /auth/api-keys/{id}), each limited to some resource actions (post:read): the built-in api-keys plugin. Needs a resource.",
                default: .bool(false)),
        SpecKey("max_per_user", .integer(minimum: Spec.Auth.APIKeys.maxPerUserRange.lowerBound, maximum: Spec.Auth.APIKeys.maxPerUserRange.upperBound),
                "Keys one user may hold at a time. API_KEYS_MAX_PER_USER overrides it.", default: .int(10)),
        SpecKey("max_ttl", .string(format: duration, nonEmpty: true),
                "The longest a key works; a key created without expires_in gets it. API_KEYS_MAX_TTL_SECONDS overrides it.",
                default: .string("365d")),
    ])

    static let auth = SpecShape("auth", [
        SpecKey("jwt", .object(jwt), "JSON Web Token settings."),
        SpecKey("password", .object(password), "Password rules."),
        SpecKey("registration", .choice(Spec.Auth.Registration.allCases.map(\.rawValue)),
                "open: anyone may register; closed: only a superuser creates users.", default: .string("open")),
        SpecKey("rate_limit", .object(rateLimit), "Rate limits of the authentication routes."),
        SpecKey("lockout", .objectOrOff(lockout), "Account lockout per username and client address after failed logins, or 'off'. LOCKOUT_AFTER and LOCKOUT_SECONDS override it."),
        SpecKey("session", .object(session), "Login sessions."),
        SpecKey("compat", .object(compat), "Compatibility with clients of the FastAPI guide."),
        SpecKey("mfa", .object(mfa), "A second factor: TOTP with recovery codes."),
        SpecKey("sessions", .object(sessions), "Sessions a user controls."),
        SpecKey("api_keys", .object(apiKeys), "API keys for machines, scoped to resource actions."),
    ])

    static let cors = SpecShape("cors", [
        SpecKey("allow_origins", .list(of: .string(format: origin, nonEmpty: true), unique: true),
                "Origins allowed by CORS: scheme://host[:port], or '*' (not with allow_credentials: true).",
                default: .array([.string("http://localhost:3000")])),
        SpecKey("allow_credentials", .boolean, "Whether browsers may send credentials.", default: .bool(true)),
    ])

    static let production = SpecShape("production", [
        SpecKey("https_only", .boolean, "Refuse plain HTTP in production.", default: .bool(true)),
        SpecKey("hsts", .boolean, "Send Strict-Transport-Security in production.", default: .bool(true)),
    ])

    static let docs = SpecShape("docs", [
        SpecKey("enabled", .boolean, "Serve the Swagger UI page at /docs (DOCS_ENABLED overrides it); /openapi.json is always served.", default: .bool(true)),
    ])

    static let docker = SpecShape("docker", [
        SpecKey("builder_image", .string(format: dockerImage, nonEmpty: true), "Image that builds the server.", default: .string("swift:6.1-noble")),
        SpecKey("runtime_image", .string(format: dockerImage, nonEmpty: true), "Image that runs the server.", default: .string("ubuntu:noble")),
        SpecKey("compose", .boolean, "Also write docker-compose.yml with a PostgreSQL service.", default: .bool(true)),
        SpecKey(
            "replicas",
            .integer(minimum: Spec.Docker.replicaRange.lowerBound, maximum: Spec.Docker.replicaRange.upperBound),
            "Server processes the compose file runs; above 1 they sit behind a generated nginx load balancer.",
            default: .int(1)
        ),
    ])

    static let account = SpecShape("account", [
        SpecKey("self_delete", .boolean, "DELETE /auth/me: a user deletes their own account (password, and a second factor when enrolled); superusers DELETE /users/{id}.", default: .bool(false)),
        SpecKey("export", .boolean, "GET /auth/me/export: a user downloads one JSON document with their profile and every resource they own.", default: .bool(false)),
        SpecKey("on_delete", .choice(Spec.Account.OnDelete.allCases.map(\.rawValue)),
                "What happens to the resources a deleted user owns: anonymize keeps them with no author (author_id null; an existing database gets a migration that makes the column nullable), cascade deletes them with the user. Going from anonymize back to cascade deletes the authorless items, so it needs --allow-destructive.", default: .string("anonymize")),
    ])

    static let emailPasswordReset = SpecShape("email.password_reset", [
        SpecKey("ttl", .string(format: duration, nonEmpty: true), "How long a password-reset link works: 5m to 1d.", default: .string("30m")),
    ])

    static let email = SpecShape("email", [
        SpecKey("from", .string(format: mailbox, nonEmpty: true), "The sender of every mail: `Name <address>` or `address`.", required: true),
        SpecKey("transport", .choice(Spec.Email.Transport.allCases.map(\.rawValue)),
                "smtp: through the SMTP server of EMAIL_SMTP_URL; file: each mail written as an .eml file to EMAIL_DIR (development and tests).",
                default: .string("file")),
        SpecKey("verification", .choice(Spec.Email.Verification.allCases.map(\.rawValue)),
                "off: no verification; optional: users verify their address, the flag is informative; required: an unverified user cannot log in.",
                default: .string("optional")),
        SpecKey("password_reset", .object(emailPasswordReset), "Password reset by email."),
        SpecKey("invitations", .boolean, "Superusers invite users by email; the invitee sets a password.", default: .bool(false)),
    ])

    static let root = SpecShape("", [
        SpecKey("version", .integer(minimum: 1, maximum: 1), "Spec format version; always 1.", required: true),
        SpecKey("project", .object(project), "The project's identity.", required: true),
        SpecKey("server", .object(server), "HTTP server settings."),
        SpecKey("database", .object(database), "Database settings."),
        SpecKey("auth", .object(auth), "Authentication settings."),
        SpecKey("cors", .object(cors), "Cross-origin resource sharing."),
        SpecKey("production", .object(production), "Production hardening."),
        SpecKey("docs", .object(docs), "The Swagger UI page."),
        SpecKey("roles", .namedObjects(names: roleName, reserved: reservedRoleNames + swiftKeywords, value: role, minCount: 0),
                "Roles a superuser grants to users (PUT /users/{id}/roles/{role}), by name; resource access lists name them. A superuser may do everything without one.",
                default: .object([:])),
        SpecKey("resources", .objectList(resource), "Resources with CRUD routes.", default: .array([])),
        SpecKey("docker", .object(docker), "Docker files; omit the key for none."),
        SpecKey("account", .object(account), "Account deletion and export by the user; omit the key for neither."),
        SpecKey("email", .object(email), "Mail: password reset, email verification, invitations; omit the key for none."),
        SpecKey("plugins", .pluginOptions, "Options of plugins, by plugin name (see `authgen plugins`); each plugin's plugin.yaml declares its own.", default: .object([:])),
    ])
}
