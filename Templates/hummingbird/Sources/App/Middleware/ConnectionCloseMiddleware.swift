import Hummingbird

/// Says `Connection: close` in every answer after which the connection ends:
/// - the request said `Connection: close`: Hummingbird closes the connection after answering it but does not say so,
///   although RFC 9112 §9.6 asks the server to, and pooled clients that are not told reuse the closed connection
///   (the condition is exactly the one Hummingbird closes on);
/// - the process is draining: a proxy that keeps connections to it retires each one after its answer, instead of
///   sending a request on a connection the process is closing.
struct ConnectionCloseMiddleware<Context: RequestContext>: RouterMiddleware {
    let shutdown: ShutdownState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            guard self.closes(after: request) else { throw error }
            response = try error.response(from: request, context: context)
        }
        if self.closes(after: request) {
            response.headers[.connection] = "close"
        }
        return response
    }

    private func closes(after request: Request) -> Bool {
        request.headers[.connection] == "close" || self.shutdown.isDraining
    }
}
