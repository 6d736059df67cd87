import HTTPTypes
import Hummingbird

/// In production the server sits behind a TLS-terminating proxy, which says so in `X-Forwarded-Proto`.
/// Plain HTTP is refused so that no credentials travel in the clear; health checks stay reachable.
struct HTTPSOnlyMiddleware<Context: RequestContext>: RouterMiddleware {
    static var forwardedProto: HTTPField.Name { HTTPField.Name("X-Forwarded-Proto")! }
    let exemptPaths: Set<String> = ["/health", "/ready"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let scheme = request.headers[Self.forwardedProto]?.lowercased() ?? "http"
        guard scheme == "https" || self.exemptPaths.contains(request.uri.path) else {
            return APIError.response(status: .forbidden, detail: "HTTPS required")
        }
        return try await next(request, context)
    }
}
