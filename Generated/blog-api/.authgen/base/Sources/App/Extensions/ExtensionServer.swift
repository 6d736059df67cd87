import Hummingbird

/// What the server lends an extension's routes: groups under the API prefix with the spec's access levels, the
/// repository, the password and lockout services its own routes use, and the application's shared values.
struct ExtensionServer {
    let settings: Settings
    let repository: any AppRepository
    let tokens: TokenService
    let hasher: any PasswordChecking
    let lockout: LoginLockout
    /// The application's services and the values its extensions share (`services.shared(…)`).
    let services: ExtensionServices
    /// Routes under the API prefix.
    let api: RouterGroup<AppRequestContext>

    /// A group at `path` under the API prefix whose routes demand `access`, as the server's own routes do.
    /// `noStore`: every answer, refusals included, says `Cache-Control: no-store` (it carries tokens or user data).
    func group(_ path: RouterPath, access: AccessLevel, noStore: Bool = false) -> RouterGroup<AppRequestContext> {
        let group = noStore ? self.api.group(path).add(middleware: NoStoreMiddleware()) : self.api.group(path)
        return group.requiring(access, tokens: self.tokens, repository: self.repository)
    }
}
