import Hummingbird
import JWTKit
import Logging

/// Builds the application with the repository the settings name.
func buildApplication(settings: Settings, shutdown: ShutdownState = ShutdownState()) async throws -> some ApplicationProtocol {
    let logger = makeLogger(settings: settings)
    let repository = try await RepositoryFactory.make(
        for: settings.database,
        sessionCacheSeconds: settings.sessionCacheSeconds,
        logger: logger
    )
    return try await buildApplication(settings: settings, repository: repository, logger: logger, shutdown: shutdown)
}

func buildApplication(
    settings: Settings,
    repository: any AppRepository,
    logger: Logger,
    shutdown: ShutdownState = ShutdownState()
) async throws
    -> some ApplicationProtocol
{
    let keys = try await SigningKeys.make(for: settings.jwt, logger: logger)
    let extensionServices = ExtensionServices(settings: settings, repository: repository, logger: logger, signingKeys: keys)
    let router = buildRouter(
        settings: settings,
        repository: repository,
        tokens: TokenService(keys: keys, settings: settings.jwt),
        hasher: try await PasswordHasher(cost: settings.bcryptCost),
        shutdown: shutdown,
        extensionServices: extensionServices
    )
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.httpIdleTimeout)))),
        configuration: .init(address: .hostname(settings.host, port: settings.port)),
        services: [repository],
        logger: logger
    )
    app.beforeServerStarts {
        try await repository.migrate()
    }
    if settings.purgeIntervalSeconds > 0 {
        app.addServices(
            PurgeService(
                repository: repository,
                intervalSeconds: settings.purgeIntervalSeconds,
                forgetFailuresSeconds: settings.lockout.seconds,
                logger: logger
            )
        )
    }
    for serverExtension in ServerExtensions.all {
        for service in serverExtension.backgroundServices(extensionServices) {
            app.addServices(service)
        }
    }
    return app
}

func buildRouter(
    settings: Settings,
    repository: any AppRepository,
    tokens: TokenService,
    hasher: any PasswordChecking,
    shutdown: ShutdownState = ShutdownState(),
    extensionServices: ExtensionServices? = nil
) -> Router<AppRequestContext> {
    let extensionServices =
        extensionServices
        ?? ExtensionServices(settings: settings, repository: repository, logger: makeLogger(settings: settings), signingKeys: tokens.keys)
    let enforceHTTPS = settings.environment == .production && settings.httpsOnly
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        ConnectionCloseMiddleware(shutdown: shutdown)
        RequestLoggerMiddleware()
        SecurityHeadersMiddleware(hsts: enforceHTTPS && settings.hsts)
        CORSAllowListMiddleware(settings: settings.cors)
        if enforceHTTPS {
            HTTPSOnlyMiddleware(trustedProxies: settings.trustedProxies)
        }
        ErrorMiddleware()
        ClientAddressMiddleware(trustedProxies: settings.trustedProxies)
        BodySizeLimitMiddleware(maxBodySize: settings.maxBodySize)
    }
    for serverExtension in ServerExtensions.all {
        serverExtension.register(on: router, services: extensionServices)
    }
    HealthController(repository: repository, shutdown: shutdown).addRoutes(to: router)
    DocsController(
        document: OpenAPIDocument(
            apiPrefix: settings.apiPrefix,
            registrationOpen: settings.registrationOpen,
            resources: ResourceCatalog.all,
            docsEnabled: settings.docs.enabled,
            refreshTokenInQuery: settings.refreshTokenInQuery
        ),
        docs: settings.docs
    ).addRoutes(to: router)

    let api = router.group(RouterPath(settings.apiPrefix))
    let sessions = SessionStarter(repository: repository, tokens: tokens, extensions: extensionServices)
    AuthController(
        repository: repository,
        tokens: tokens,
        hasher: hasher,
        passwordPolicy: settings.passwordPolicy,
        registrationOpen: settings.registrationOpen,
        loginLimit: RateLimitPolicy(
            name: "login",
            rule: settings.rateLimits.login,
            enabled: settings.rateLimits.enabled,
            counters: repository
        ),
        registerLimit: RateLimitPolicy(
            name: "register",
            rule: settings.rateLimits.register,
            enabled: settings.rateLimits.enabled,
            counters: repository
        ),
        refreshLimit: RateLimitPolicy(
            name: "refresh",
            rule: settings.rateLimits.refresh,
            enabled: settings.rateLimits.enabled,
            counters: repository
        ),
        lockout: LoginLockout(settings: settings.lockout, store: repository),
        sessions: sessions,
        refreshTokenInQuery: settings.refreshTokenInQuery,
        extensions: extensionServices
    ).addRoutes(to: api.group("auth"))
    UsersController(repository: repository, tokens: tokens, extensions: extensionServices).addRoutes(to: api.group("users"))
    UserRolesController(repository: repository, tokens: tokens, extensions: extensionServices).addRoutes(to: api.group("users"))
    let server = ExtensionServer(
        settings: settings,
        repository: repository,
        tokens: tokens,
        hasher: hasher,
        lockout: LoginLockout(settings: settings.lockout, store: repository),
        sessions: sessions,
        services: extensionServices,
        api: api
    )
    for serverExtension in ServerExtensions.all {
        serverExtension.addRoutes(to: server)
    }
    PostController(repository: repository, users: repository, tokens: tokens, extensions: extensionServices).addRoutes(to: api.group("posts"))
    return router
}

func makeLogger(settings: Settings) -> Logger {
    var logger = Logger(label: SpecDefaults.projectName)
    logger.logLevel = settings.logLevel
    return logger
}
