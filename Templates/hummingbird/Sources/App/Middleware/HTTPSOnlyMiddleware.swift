import HTTPTypes
import Hummingbird

/// In production the server sits behind a TLS-terminating proxy, which says so in `X-Forwarded-Proto`. The header
/// is believed only from a trusted proxy (`TRUSTED_PROXIES`), like `X-Forwarded-For`: a client talking to the server
/// directly cannot claim HTTPS. Plain HTTP is refused so that no credentials travel in the clear; health checks stay
/// reachable.
struct HTTPSOnlyMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    static var forwardedProto: HTTPField.Name { HTTPField.Name("X-Forwarded-Proto")! }
    let trustedProxies: [IPRange]
    let exemptPaths: Set<String> = ["/health", "/ready"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard self.isHTTPS(request, context: context) || self.exemptPaths.contains(request.uri.path) else {
            return APIError.response(status: .forbidden, detail: "HTTPS required")
        }
        return try await next(request, context)
    }

    private func isHTTPS(_ request: Request, context: Context) -> Bool {
        guard let peer = context.remoteAddress?.ipAddress, self.trustedProxies.contains(where: { $0.contains(peer) }) else {
            return false
        }
        return request.headers[Self.forwardedProto]?.lowercased() == "https"
    }
}
