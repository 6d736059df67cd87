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
    /// The `sid` claim: the login the token belongs to. For a scoped credential, an id of that credential which is
    /// no session's.
    let sessionID: String
    /// nil: a person's login, with all their rights. A set: a machine credential (an extension's, e.g. an API key)
    /// limited to these resource actions, such as `post:read`; it is accepted only by the routes of those actions.
    let scopes: Set<String>?

    init(user: User, sessionID: String, scopes: Set<String>? = nil) {
        self.user = user
        self.sessionID = sessionID
        self.scopes = scopes
    }
}
