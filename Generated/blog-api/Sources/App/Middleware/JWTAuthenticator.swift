import Hummingbird
import HummingbirdAuth

/// Reads `Authorization: Bearer` (never a token in the query string). No bearer token leaves the request anonymous;
/// a bearer token that does not verify, whose session was revoked (logout, password change, refresh token reuse) or
/// whose user is gone, is refused here rather than silently ignored. The extensions that check authenticated
/// requests (`checksAuthentication`) may refuse it then.
struct JWTAuthenticator: AuthenticatorMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenService
    let repository: any UserRepository
    let extensions: ExtensionServices

    func authenticate(request: Request, context: Context) async throws -> AuthenticatedUser? {
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
        guard user.isActive else { throw APIError.inactiveUser }
        let identity = AuthenticatedUser(user: user, sessionID: claims.sid)
        try await self.extensions.authenticated(identity, request: request, context: context)
        return identity
    }
}
