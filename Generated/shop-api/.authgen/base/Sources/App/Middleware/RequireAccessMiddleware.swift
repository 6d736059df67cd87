import Hummingbird

/// The access rule of routes that only some users may call (a superuser, a role); runs after
/// `RequireAuthenticationMiddleware`. The user's roles are the database's, read with the user on this request.
struct RequireAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let access: Access

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { throw APIError.notAuthenticated }
        guard self.access.allows(identity.user) else { throw APIError.notEnoughPermissions }
        return try await next(request, context)
    }
}
