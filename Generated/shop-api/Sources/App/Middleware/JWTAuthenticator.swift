import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// Reads `Authorization: Bearer` (never a token in the query string). No bearer token leaves the request anonymous;
/// a bearer token that does not verify, whose session was revoked (logout, password change, refresh token reuse) or
/// whose user is gone, is refused here rather than silently ignored. The extensions that check authenticated
/// requests (`checksAuthentication`) may refuse it then.
///
/// When an extension authenticates other credentials (`authenticatesCredentials`), a bearer value that is not a JWT,
/// or an `X-API-Key` header, is that extension's to check. Such a credential is scoped: it is accepted only by a
/// route made for a resource action (`scope`, e.g. `post:update`) that it holds, and refused with 403 everywhere
/// else, so that no login, password, session or extension route ever accepts one.
struct JWTAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService
    let repository: any UserRepository
    let extensions: ExtensionServices
    /// The resource action these routes are for (`post:update`); nil for every other route.
    var scope: String? = nil

    func authenticate(request: Request, context: Context) async throws -> AuthenticatedUser? {
        if self.extensions.authenticatesCredentials, let credential = Self.otherCredential(in: request) {
            guard let identity = try await self.extensions.authenticateCredential(credential, request: request, context: context) else {
                throw APIError.invalidToken
            }
            return try await self.admit(identity, request: request, context: context)
        }
        guard let bearer = request.headers.bearer else { return nil }
        let claims: TokenClaims
        do {
            claims = try await self.tokens.verify(bearer.token, as: .access)
        } catch {
            throw APIError.invalidToken
        }
        // One query per request: the user, provided the token's session is still active.
        guard let user = try await self.repository.user(id: claims.userID, activeSession: claims.sid),
            user.username == claims.sub.value
        else {
            throw APIError.invalidToken
        }
        return try await self.admit(AuthenticatedUser(user: user, sessionID: claims.sid), request: request, context: context)
    }

    /// The checks every identity passes, whatever proved it: an active user, a scope this route accepts, the extensions.
    private func admit(_ identity: AuthenticatedUser, request: Request, context: Context) async throws -> AuthenticatedUser {
        guard identity.user.isActive else { throw APIError.inactiveUser }
        if let scopes = identity.scopes {
            guard let scope = self.scope else { throw APIError.scopedCredentialNotAccepted }
            guard scopes.contains(scope) else { throw APIError.missingScope(scope) }
        }
        try await self.extensions.authenticated(identity, request: request, context: context)
        return identity
    }

    /// A credential that is not an access token: a bearer value without the dots of a JWT, or `X-API-Key` when there
    /// is no bearer token.
    private static func otherCredential(in request: Request) -> String? {
        if let bearer = request.headers.bearer {
            return bearer.token.contains(".") ? nil : bearer.token
        }
        return request.headers[.apiKey]
    }
}

extension HTTPField.Name {
    /// Where a machine sends a credential of an extension instead of `Authorization: Bearer`.
    static let apiKey = Self("X-API-Key")!
}
