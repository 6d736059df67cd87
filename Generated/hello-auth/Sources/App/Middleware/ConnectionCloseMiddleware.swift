import Hummingbird

/// Hummingbird closes the connection after answering a request that says `Connection: close`, but does not say so
/// in the answer; RFC 9112 §9.6 asks the server to, and pooled clients that are not told reuse the closed connection.
/// The condition is exactly the one Hummingbird closes on.
struct ConnectionCloseMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.headers[.connection] == "close" else {
            return try await next(request, context)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.connection] = "close"
        return response
    }
}
