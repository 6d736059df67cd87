import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

@testable import App

/// The databases the suites run on: a temporary SQLite file always, PostgreSQL when TEST_DATABASE_URL is set.
enum TestDatabase: Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres(url: String)

    static var available: [TestDatabase] {
        var databases: [TestDatabase] = [.sqlite]
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
            databases.append(.postgres(url: url))
        }
        return databases
    }

    var isPostgres: Bool {
        if case .postgres = self { true } else { false }
    }

    var testDescription: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }

    /// A fresh, empty database: a new SQLite file, or a new PostgreSQL schema.
    func makeFreshLocation() throws -> DatabaseLocation {
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("app-tests-\(id)")
            return .sqlite(path: folder.appendingPathComponent("test.sqlite").path)
        case .postgres(let url):
            // Two connections per application; `PostgresTestSlots` bounds how many tests hold a database at once.
            let separator = url.contains("?") ? "&" : "?"
            return try DatabaseLocation(url: "\(url)\(separator)schema=test_\(id)&pool_size=2")
        }
    }

    /// Deletes what `makeFreshLocation` made.
    static func remove(_ location: DatabaseLocation) async throws {
        switch location {
        case .sqlite(let path):
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        case .postgres(let postgres):
            guard let schema = postgres.schema else { return }
            let client = PostgresClient(
                configuration: .init(
                    host: postgres.host,
                    port: postgres.port,
                    username: postgres.username,
                    password: postgres.password,
                    database: postgres.database,
                    tls: postgres.tls.clientConfiguration
                ),
                backgroundLogger: Logger(label: "tests")
            )
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                // Stops the client even when the statement fails; otherwise the group would wait for run() for ever.
                defer { group.cancelAll() }
                try await client.withConnection { connection in
                    _ = try await connection.query(
                        PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE"),
                        logger: Logger(label: "tests")
                    )
                }
            }
        }
    }
}

/// Swift Testing starts every test at once, and each application a test builds keeps its own PostgreSQL connections:
/// at most `limit` tests hold a PostgreSQL database at a time (PostgreSQL allows 100 connections by default), the
/// others wait for a slot. A test that already holds one (a nested `withApp`) does not wait for another.
actor PostgresTestSlots {
    static let limit = 12
    @TaskLocal static var isHeld = false
    private static let shared = PostgresTestSlots()

    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    static func holding(on database: TestDatabase, _ body: () async throws -> Void) async throws {
        guard database.isPostgres, !Self.isHeld else { return try await body() }
        await Self.shared.acquire()
        do {
            try await Self.$isHeld.withValue(true) { try await body() }
        } catch {
            await Self.shared.release()
            throw error
        }
        await Self.shared.release()
    }

    private func acquire() async {
        guard self.inUse >= Self.limit else {
            self.inUse += 1
            return
        }
        await withCheckedContinuation { self.waiting.append($0) }
    }

    private func release() {
        if self.waiting.isEmpty {
            self.inUse -= 1
        } else {
            // The slot passes straight to the longest waiter.
            self.waiting.removeFirst().resume()
        }
    }
}

enum TestValues {
    static let secretKey = "tests-only-0123456789abcdef0123456789abcdef0123456789abcdef012345"
    static let password = "Sunny#Garden42"
    static let authPrefix = "\(SpecDefaults.apiPrefix)/auth"

    static let strictPolicy = PasswordPolicy(
        minLength: 8,
        maxLength: 72,
        requireUpper: true,
        requireLower: true,
        requireDigit: true,
        requireSpecial: true,
        rejectCommon: true
    )
}

extension Settings {
    /// Settings independent of the process environment: fast bcrypt, rate limits off, a fixed secret.
    static func forTesting(database: DatabaseLocation) -> Settings {
        var settings = Settings(
            environment: .testing,
            host: "127.0.0.1",
            port: 0,
            apiPrefix: SpecDefaults.apiPrefix,
            database: database,
            // On both databases, so that the tests of revocation go through the cache's invalidation.
            sessionCacheSeconds: 1,
            shutdownGraceSeconds: 1,
            jwt: JWTSettings(
                algorithm: .hs256,
                secretKey: TestValues.secretKey,
                issuer: SpecDefaults.jwtIssuer,
                audience: SpecDefaults.jwtAudience,
                accessTokenTTL: SpecDefaults.accessTokenTTLSeconds,
                refreshTokenTTL: SpecDefaults.refreshTokenTTLSeconds
            ),
            passwordPolicy: TestValues.strictPolicy,
            bcryptCost: 4,
            registrationOpen: true,
            rateLimits: RateLimitSettings(
                enabled: false,
                login: RateLimitRule(limit: 5, windowSeconds: 60),
                register: RateLimitRule(limit: 10, windowSeconds: 60)
            ),
            lockout: LockoutSettings(after: SpecDefaults.lockoutAfter, seconds: SpecDefaults.lockoutSeconds),
            trustedProxies: [],
            maxBodySize: SpecDefaults.maxBodySize,
            cors: CORSSettings(allowOrigins: ["http://localhost:3000"], allowCredentials: true),
            httpsOnly: true,
            hsts: true,
            logLevel: .warning,
            docs: DocsSettings(enabled: true, assetsURL: SwaggerUIAssets.cdnURL)
        )
        settings.usePluginTestValues()
        return settings
    }
}

/// One setting a test changes, e.g. `.set(\.registrationOpen, false)`.
struct SettingsChange {
    let apply: (inout Settings) -> Void

    static func set<Value>(_ keyPath: WritableKeyPath<Settings, Value>, _ value: Value) -> SettingsChange {
        SettingsChange { $0[keyPath: keyPath] = value }
    }
}

struct TestContext: Sendable {
    let settings: Settings
    let repository: any AppRepository

    var prefix: String { "\(self.settings.apiPrefix)/auth" }
}

/// Runs `test` against a new application on a fresh database.
func withApp(
    on database: TestDatabase,
    with changes: SettingsChange...,
    test: @escaping @Sendable (any TestClientProtocol, TestContext) async throws -> Void
) async throws {
    try await withApp(on: database, through: .router, changes: changes, test: test)
}

/// Like `withApp`, on a real socket: the peer is 127.0.0.1 (or ::1), which the changes may name a trusted proxy.
func withLiveApp(
    on database: TestDatabase,
    with changes: SettingsChange...,
    test: @escaping @Sendable (any TestClientProtocol, TestContext) async throws -> Void
) async throws {
    try await withApp(on: database, through: .live, changes: changes, test: test)
}

private func withApp(
    on database: TestDatabase,
    through setup: TestingSetup,
    changes: [SettingsChange],
    test: @escaping @Sendable (any TestClientProtocol, TestContext) async throws -> Void
) async throws {
    try await PostgresTestSlots.holding(on: database) {
        let location = try database.makeFreshLocation()
        do {
            let (app, context) = try await makeApp(on: location, with: changes)
            try await app.test(setup) { client in
                try await test(client, context)
            }
        } catch {
            try await TestDatabase.remove(location)
            throw error
        }
        try await TestDatabase.remove(location)
    }
}

/// One of the server processes of `withReplicas`.
struct Replica: Sendable {
    let client: any TestClientProtocol
    let context: TestContext
}

/// Runs `test` against two applications on one fresh database, as two server processes behind a load balancer.
func withReplicas(
    on database: TestDatabase,
    with changes: SettingsChange...,
    test: @escaping @Sendable (Replica, Replica) async throws -> Void
) async throws {
    try await PostgresTestSlots.holding(on: database) {
        let location = try database.makeFreshLocation()
        do {
            let (firstApp, firstContext) = try await makeApp(on: location, with: changes)
            let (secondApp, secondContext) = try await makeApp(on: location, with: changes)
            try await firstApp.test(.router) { firstClient in
                try await secondApp.test(.router) { secondClient in
                    try await test(
                        Replica(client: firstClient, context: firstContext),
                        Replica(client: secondClient, context: secondContext)
                    )
                }
            }
        } catch {
            try await TestDatabase.remove(location)
            throw error
        }
        try await TestDatabase.remove(location)
    }
}

func makeApp(
    on location: DatabaseLocation,
    with changes: [SettingsChange]
) async throws -> (some ApplicationProtocol, TestContext) {
    var settings = Settings.forTesting(database: location)
    for change in changes {
        change.apply(&settings)
    }
    var logger = Logger(label: "tests")
    logger.logLevel = settings.logLevel
    let repository = try await RepositoryFactory.make(
        for: location,
        sessionCacheSeconds: settings.sessionCacheSeconds,
        logger: logger
    )
    let app = try await buildApplication(settings: settings, repository: repository, logger: logger)
    return (app, TestContext(settings: settings, repository: repository))
}

extension TestResponse {
    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: self.body))
    }

    var detail: String? {
        (try? self.decode([String: String].self))?["detail"]
    }

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(buffer: self.body))) as? [String: Any]
    }
}

extension TestClientProtocol {
    @discardableResult
    func register(
        _ username: String,
        email: String? = nil,
        password: String = TestValues.password,
        prefix: String = TestValues.authPrefix,
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        let body: [String: String] = ["username": username, "email": email ?? "\(username)@example.com", "password": password]
        var allHeaders = headers
        allHeaders[.contentType] = "application/json"
        return try await self.execute(
            uri: "\(prefix)/register",
            method: .post,
            headers: allHeaders,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        )
    }

    func login(
        _ username: String,
        password: String = TestValues.password,
        prefix: String = TestValues.authPrefix
    ) async throws
        -> TestResponse
    {
        let form = "username=\(Self.formEncode(username))&password=\(Self.formEncode(password))"
        return try await self.execute(
            uri: "\(prefix)/token",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form)
        )
    }

    /// Registers and logs in; fails the test when either step does.
    func signUp(_ username: String, prefix: String = TestValues.authPrefix) async throws -> TokenResponse {
        let registered = try await self.register(username, prefix: prefix)
        #expect(registered.status == .created)
        let login = try await self.login(username, prefix: prefix)
        #expect(login.status == .ok)
        return try login.decode(TokenResponse.self)
    }

    func me(_ token: String, prefix: String = TestValues.authPrefix) async throws -> TestResponse {
        try await self.execute(uri: "\(prefix)/me", method: .get, headers: [.authorization: "Bearer \(token)"])
    }

    func refresh(_ refreshToken: String, prefix: String = TestValues.authPrefix) async throws -> TestResponse {
        try await self.execute(
            uri: "\(prefix)/refresh",
            method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["refresh_token": refreshToken]))
        )
    }

    func logout(_ token: String, prefix: String = TestValues.authPrefix) async throws -> TestResponse {
        try await self.execute(uri: "\(prefix)/logout", method: .post, headers: [.authorization: "Bearer \(token)"])
    }

    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
