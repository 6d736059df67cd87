import Hummingbird
import HummingbirdAuth
import NIOCore

struct AppRequestContext: AuthRequestContext, RemoteAddressRequestContext {
    /// Requests with a larger body are refused with 413 before they are decoded.
    static let maxBodySize = 64 * 1024

    var coreContext: CoreRequestContextStorage
    var identity: AuthenticatedUser?
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.remoteAddress = source.channel.remoteAddress
    }

    var maxUploadSize: Int { Self.maxBodySize }

    /// The peer address; forwarded-for headers are not trusted, since any client can send them.
    var clientAddress: String {
        self.remoteAddress?.ipAddress ?? "unknown"
    }
}

struct AuthenticatedUser: Sendable {
    let user: User
    /// The `sid` claim: the login the token belongs to.
    let sessionID: String
}
