import Hummingbird

/// What the server lends an extension's routes: groups under the API prefix with the spec's access levels, the
/// repository, the password and lockout services its own routes use, and the application's shared values.
struct ExtensionServer {
    let settings: Settings
    let repository: any AppRepository
    let tokens: TokenService
    let hasher: any PasswordChecking
    let lockout: LoginLockout
    /// Creates login sessions as `POST /auth/token` does.
    let sessions: SessionStarter
    /// The application's services and the values its extensions share (`services.shared(…)`).
    let services: ExtensionServices
    /// Routes under the API prefix.
    let api: RouterGroup<AppRequestContext>

    /// A group at `path` under the API prefix whose routes demand `access` (`.authenticated`, `.superuser`, or a
    /// list such as `.anyOf(.role(.editor))`), as the server's own routes do.
    /// `noStore`: every answer, refusals included, says `Cache-Control: no-store` (it carries tokens or user data).
    func group(_ path: RouterPath, access: Access, noStore: Bool = false) -> RouterGroup<AppRequestContext> {
        let group = noStore ? self.api.group(path).add(middleware: NoStoreMiddleware()) : self.api.group(path)
        return group.requiring(access, tokens: self.tokens, repository: self.repository, extensions: self.services)
    }

    /// Reads `Authorization: Bearer` as the server's own routes do, for a route whose login is optional (add
    /// `RequireAuthenticationMiddleware` after it to demand one).
    /// Asks the caller for their password again before something grave; wrong ones count into the lockout.
    var passwordConfirmation: PasswordConfirmation {
        PasswordConfirmation(
            repository: self.repository, hasher: self.hasher, passwordPolicy: self.settings.passwordPolicy, lockout: self.lockout
        )
    }

    var authenticator: JWTAuthenticator {
        JWTAuthenticator(tokens: self.tokens, repository: self.repository, extensions: self.services)
    }

    /// Logs `user` in as `POST /auth/token` does once the password is right: a new session (the extensions are told,
    /// `sessionStarted`) and the same token answer. `methods`: how the user proved who they are, e.g. `["pwd", "otp"]`.
    func startSession(
        for user: User,
        methods: [String],
        request: Request,
        context: AppRequestContext
    ) async throws -> EditedResponse<TokenResponse> {
        let issued = try await self.sessions.start(for: user, methods: methods, request: request, context: context)
        context.logger.info("Logged in", metadata: ["user_id": "\(user.id)"])
        return EditedResponse(headers: [.cacheControl: "no-store"], response: TokenResponse(issued))
    }
}
