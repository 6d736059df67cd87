import Hummingbird

/// Limits requests per client address; the per-username limit is checked once the body is read.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let policy: RateLimitPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await self.policy.check(address: context.clientAddress)
        return try await next(request, context)
    }
}
