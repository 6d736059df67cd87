import HTTPTypes
import Hummingbird

/// Sets `context.clientAddress`, the address rate limits count by. It is the socket peer, unless that peer is a
/// trusted proxy: then it is the right-most `X-Forwarded-For` address that is not a trusted proxy itself. A client
/// talking to the server directly cannot change its address with the header. An IPv6 client counts by its /64
/// network, which one subscriber usually holds whole: changing the last 64 bits does not give it new limits.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: [IPRange]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let address = Self.clientAddress(
            peer: context.remoteAddress?.ipAddress,
            forwardedFor: request.headers[values: .xForwardedFor],
            trustedProxies: self.trustedProxies
        )
        context.clientAddress = Self.limitKey(for: address)
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

    /// An IPv4 address as it is (also when written as IPv4-mapped IPv6), the /64 network of an IPv6 address.
    static func limitKey(for address: String) -> String {
        guard let bytes = IPRange.bytes(of: address), bytes.count == 16 else { return address }
        if bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            return bytes.suffix(4).map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }

    private static func isTrusted(_ address: String, among proxies: [IPRange]) -> Bool {
        proxies.contains { $0.contains(address) }
    }
}

extension HTTPField.Name {
    static var xForwardedFor: Self { Self("X-Forwarded-For")! }
}
