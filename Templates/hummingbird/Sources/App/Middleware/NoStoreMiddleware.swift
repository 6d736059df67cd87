import Hummingbird

/// `Cache-Control: no-store` on every answer of the routes it guards, errors included: they carry user data or
/// tokens, which no browser or proxy cache may keep.
struct NoStoreMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Errors become their answer here, so that it gets the header too.
        var response = try await ErrorMiddleware<Context>().handle(request, context: context, next: next)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
