import HTTPTypes
import Hummingbird

/// While the process drains, every response says `Connection: close`: a proxy that keeps connections to this
/// process retires each one after its answer, instead of sending a request on a connection the process is closing.
struct DrainingMiddleware<Context: RequestContext>: RouterMiddleware {
    let shutdown: ShutdownState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if self.shutdown.isDraining {
            response.headers[.connection] = "close"
        }
        return response
    }
}
