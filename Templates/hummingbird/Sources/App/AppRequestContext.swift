import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore

struct AppRequestContext: AuthRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: AuthenticatedUser?
    let remoteAddress: SocketAddress?
    /// Set from the settings by `BodySizeLimitMiddleware`; a larger body is refused with 413 before it is decoded.
    var maxBodySize: Int
    /// Set by `ClientAddressMiddleware`: the peer, or the client a trusted proxy names.
    var clientAddress: String

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.remoteAddress = source.channel.remoteAddress
        self.maxBodySize = SpecDefaults.maxBodySize
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    var maxUploadSize: Int { self.maxBodySize }

    var responseEncoder: JSONEncoder { .answers() }

    /// What `request.decode(as:context:)` reads a JSON body with (415, 413 and 422 answers included).
    var requestDecoder: AppRequestDecoder { AppRequestDecoder() }
}

struct AuthenticatedUser: Sendable {
    let user: User
    /// The `sid` claim: the login the token belongs to.
    let sessionID: String
}
