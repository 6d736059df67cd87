import Hummingbird

/// The access rule of routes that need a logged-in user.
struct RequireAuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil else { throw APIError.notAuthenticated }
        return try await next(request, context)
    }
}
