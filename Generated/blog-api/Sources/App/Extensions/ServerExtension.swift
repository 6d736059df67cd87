import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A wrong answer to a second factor (a code): its `refusal` is answered, and the caller counts it into the login
/// lockout, as a wrong password.
struct WrongSecondFactor: Error {
    let refusal: APIError
}

/// Code a plugin adds to the server without changing its files: its tables, its middleware and its routes.
/// The plugins this server was generated with list theirs in `ServerExtensions.all`.
protocol ServerExtension: Sendable {
    init()

    /// Applied after the server's own migrations, in order, each once and recorded by name in `schema_migrations`
    /// like them: start the names with the plugin's name so that they never clash.
    var migrations: [Migration] { get }

    /// Adds the extension's middleware and routes, right after the server's own middleware and before its routes:
    /// router middleware added here runs for every route, inside the server's middleware (errors are still thrown,
    /// not yet responses).
    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase)

    /// The same, with the services and shared values of the application (`services.shared(…)`); by default it calls
    /// `register(on:settings:database:)`.
    func register(on router: Router<AppRequestContext>, services: ExtensionServices)

    /// Adds routes that use the server's own services (access levels, the repository, passwords, the lockout),
    /// after the server's own routes.
    func addRoutes(to server: ExtensionServer)

    /// The OpenAPI path items of the extension's routes, by path (`document.prefix`: the API prefix, "" at the root;
    /// `document.operation(…)` describes one as the server's own are), merged into `/openapi.json`: the test that
    /// every route is documented covers them.
    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue]

    /// The schemas those path items refer to as `#/components/schemas/<name>`.
    var openAPISchemas: [String: JSONValue] { get }

    /// The security schemes of the extension's credentials (`authenticateCredential`), by name, in
    /// `components.securitySchemes`: every resource operation that needs a login lists each as an alternative.
    var openAPISecuritySchemes: [String: JSONValue] { get }

    /// Called when the server reads its environment, after its own checks: throw a `SettingsError` (one line, printed
    /// before the process exits) to refuse to start with settings the extension cannot work with, e.g. in production.
    /// Settings that tests build directly are not checked.
    func checkEnvironment(_ settings: Settings) throws

    /// Background services run beside the server, started and stopped with it.
    func services(settings: Settings, database: any ExtensionDatabase, logger: Logger) -> [any Service]

    /// The same, with the services and shared values of the application; by default it calls
    /// `services(settings:database:logger:)`.
    func backgroundServices(_ services: ExtensionServices) -> [any Service]

    /// Called once `POST /auth/register` (open, or a superuser's) has created `user`, before the answer is sent: send
    /// slow work (a mail) to a queue. Errors are the extension's to log.
    func userRegistered(_ user: User, context: AppRequestContext, services: ExtensionServices) async

    /// Called at `POST /auth/token` once the password was right and the user is active, before tokens are issued:
    /// throw (e.g. an `HTTPError`) to refuse the login.
    func admitLogin(_ user: User, context: AppRequestContext, services: ExtensionServices) async throws

    /// Called once a login session was created (`POST /auth/token`, or an extension's `ExtensionServer.startSession`),
    /// before its tokens are answered: record what the extension keeps about sessions. A throw fails the login.
    func sessionStarted(_ session: SessionStart, context: AppRequestContext, services: ExtensionServices) async throws

    /// Whether `authenticated(_:request:context:services:)` is to be called: only the extensions that say so are, so
    /// that a request with a bearer token costs nothing more when none does.
    var checksAuthentication: Bool { get }

    /// Called on every request whose bearer token (or other credential) was accepted, before its route runs (when `checksAuthentication`):
    /// throw (e.g. an `APIError`) to refuse the request.
    func authenticated(
        _ identity: AuthenticatedUser,
        request: Request,
        context: AppRequestContext,
        services: ExtensionServices
    ) async throws

    /// Whether `authenticateCredential(_:request:context:services:)` is to be called: only when some extension says
    /// so does the server read a bearer value that is not a JWT, or `X-API-Key`; an access token costs nothing more.
    var authenticatesCredentials: Bool { get }

    /// Called for a credential that is not an access token (`Authorization: Bearer <not a JWT>`, or `X-API-Key`):
    /// the identity it stands for, with `scopes` (the resource actions it may do, e.g. `post:read`), or nil when it
    /// is not this extension's (no extension knows it: 401). Throw to refuse it. The server then refuses an inactive
    /// user, and a scope the route does not accept (403; every route but a resource action's accepts none).
    func authenticateCredential(
        _ credential: String,
        request: Request,
        context: AppRequestContext,
        services: ExtensionServices
    ) async throws -> AuthenticatedUser?

    /// Called before `user` deletes their own account, once their password was right: throw (e.g. an `APIError`)
    /// to refuse, such as when a second factor is enrolled and `code` (the request's, if any) is missing; throw
    /// `WrongSecondFactor` when `code` is wrong, and it counts into the login lockout as a wrong password does.
    func confirmSecondFactor(_ user: User, code: String?, services: ExtensionServices) async throws

    /// Called by the purge (every `PURGE_INTERVAL` while the server runs, and the `purge` command): delete the
    /// extension's rows that can never be used again, such as expired tokens, and answer how many by table name.
    func purgeExpired(now: Date, database: any ExtensionDatabase) async throws -> [String: Int]
}

extension ServerExtension {
    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {}

    func register(on router: Router<AppRequestContext>, services: ExtensionServices) {
        self.register(on: router, settings: services.settings, database: services.repository)
    }

    func addRoutes(to server: ExtensionServer) {}

    func checkEnvironment(_ settings: Settings) throws {}

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] { [:] }

    var openAPISchemas: [String: JSONValue] { [:] }

    var openAPISecuritySchemes: [String: JSONValue] { [:] }

    func services(settings: Settings, database: any ExtensionDatabase, logger: Logger) -> [any Service] { [] }

    func backgroundServices(_ services: ExtensionServices) -> [any Service] {
        self.services(settings: services.settings, database: services.repository, logger: services.logger)
    }

    func userRegistered(_ user: User, context: AppRequestContext, services: ExtensionServices) async {}

    func admitLogin(_ user: User, context: AppRequestContext, services: ExtensionServices) async throws {}

    func sessionStarted(_ session: SessionStart, context: AppRequestContext, services: ExtensionServices) async throws {}

    var checksAuthentication: Bool { false }

    func authenticated(
        _ identity: AuthenticatedUser,
        request: Request,
        context: AppRequestContext,
        services: ExtensionServices
    ) async throws {}

    var authenticatesCredentials: Bool { false }

    func authenticateCredential(
        _ credential: String,
        request: Request,
        context: AppRequestContext,
        services: ExtensionServices
    ) async throws -> AuthenticatedUser? { nil }

    func confirmSecondFactor(_ user: User, code: String?, services: ExtensionServices) async throws {}

    func purgeExpired(now: Date, database: any ExtensionDatabase) async throws -> [String: Int] { [:] }
}
