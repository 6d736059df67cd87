import HTTPTypes
import Hummingbird

/// Sets `context.clientAddress`, the address rate limits count by. It is the socket peer, unless that peer is a
/// trusted proxy: then it is the right-most `X-Forwarded-For` address that is not a trusted proxy itself. A client
/// talking to the server directly cannot change its address with the header.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: [IPRange]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = Self.clientAddress(
            peer: context.remoteAddress?.ipAddress,
            forwardedFor: request.headers[values: .xForwardedFor],
            trustedProxies: self.trustedProxies
        )
        return try await next(request, context)
    }

    static func clientAddress(peer: String?, forwardedFor: [String], trustedProxies: [IPRange]) -> String {
        guard let peer else { return "unknown" }
        guard Self.isTrusted(peer, among: trustedProxies) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            // Anything that is not an address ends the chain: what lies left of it cannot be believed.
            guard IPRange.bytes(of: hop) != nil else { return peer }
            if !Self.isTrusted(hop, among: trustedProxies) { return hop }
        }
        return peer
    }

    private static func isTrusted(_ address: String, among proxies: [IPRange]) -> Bool {
        proxies.contains { $0.contains(address) }
    }
}

extension HTTPField.Name {
    static var xForwardedFor: Self { Self("X-Forwarded-For")! }
}
