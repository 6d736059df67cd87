import Foundation
import Hummingbird

/// The one place a login session begins: `POST /auth/token` and the extensions' logins (`ExtensionServer.startSession`)
/// create the session, issue its tokens and store the refresh token's digest the same way.
struct SessionStarter: Sendable {
    let repository: any SessionRepository
    let tokens: TokenService
    /// Told of each new session (`sessionStarted`).
    let extensions: ExtensionServices

    /// `methods`: how the user proved who they are (`["pwd"]` for a password).
    func start(for user: User, methods: [String], request: Request, context: AppRequestContext) async throws -> IssuedTokens {
        let session = UUID().uuidString
        let now = Date()
        try await self.repository.createSession(id: session, userID: user.id, now: now)
        try await self.extensions.sessionStarted(
            SessionStart(
                sessionID: session,
                user: user,
                methods: methods,
                startedAt: now,
                userAgent: request.headers[.userAgent],
                clientAddress: context.clientAddress
            ),
            context: context
        )
        let issued = try await self.tokens.issue(for: user, session: session, methods: methods, now: now)
        try await self.store(issued)
        return issued
    }

    /// Records the refresh token's digest, the only form in which the server keeps it.
    func store(_ issued: IssuedTokens) async throws {
        try await self.repository.storeRefreshToken(
            StoredRefreshToken(
                digest: RefreshTokenDigest.of(issued.refreshToken),
                userID: issued.refreshClaims.userID,
                sessionID: issued.refreshClaims.sid,
                expiresAt: issued.refreshClaims.exp.value
            )
        )
    }
}
