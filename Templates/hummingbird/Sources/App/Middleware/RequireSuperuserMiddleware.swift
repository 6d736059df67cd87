import Hummingbird

/// The access rule of superuser routes; runs after `RequireAuthenticationMiddleware`.
struct RequireSuperuserMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else { throw APIError.notAuthenticated }
        guard identity.user.isSuperuser else { throw APIError.notEnoughPermissions }
        return try await next(request, context)
    }
}
