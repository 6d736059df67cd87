import Foundation
import JWTKit

struct IssuedTokens: Sendable {
    let accessToken: String
    let refreshToken: String
    let refreshClaims: TokenClaims
    let expiresIn: Int
}

struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let settings: JWTSettings
    /// The first segment, with its dot, of the tokens this server signs: `{"alg":…,"typ":"JWT"}` (JWTKit writes the
    /// two fields in either order). A token that starts with one passes the header check without decoding it
    /// again; any other header goes through the full check.
    let ownHeaderSegments: [String]
    let verifiedTokens: VerifiedTokenCache

    init(keys: JWTKeyCollection, settings: JWTSettings, verifiedTokens: VerifiedTokenCache = VerifiedTokenCache()) {
        self.keys = keys
        self.settings = settings
        self.verifiedTokens = verifiedTokens
        let algorithm = settings.algorithm.rawValue
        self.ownHeaderSegments = [
            #"{"alg":"\#(algorithm)","typ":"JWT"}"#,
            #"{"typ":"JWT","alg":"\#(algorithm)"}"#,
        ].map { Base64URL.encode(Data($0.utf8)) + "." }
    }

    /// The `amr` of a login made with the password alone.
    static let passwordOnly = ["pwd"]

    /// Issues the access and refresh token of one login session, which began at `sessionStartedAt` (nil: now). No
    /// token outlives the session's `sessionMaxLifetime`, however often it was refreshed. `methods`: the session's
    /// `amr`, how the user logged in.
    func issue(
        for user: User, session: String, methods: [String] = TokenService.passwordOnly, sessionStartedAt: Date? = nil,
        now: Date = Date()
    ) async throws -> IssuedTokens {
        // Whole seconds, as other JWT libraries write NumericDate.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let sessionEnd = (sessionStartedAt ?? now).addingTimeInterval(TimeInterval(self.settings.sessionMaxLifetime))
        let sessionLeft = max(0, Int(sessionEnd.timeIntervalSince(now).rounded(.down)))
        let accessLifetime = min(self.settings.accessTokenTTL, sessionLeft)
        let access = self.claims(for: user, type: .access, session: session, methods: methods, now: now, lifetime: accessLifetime)
        let refresh = self.claims(
            for: user, type: .refresh, session: session, methods: methods, now: now,
            lifetime: min(self.settings.refreshTokenTTL, sessionLeft)
        )
        return IssuedTokens(
            accessToken: try await self.keys.sign(access),
            refreshToken: try await self.keys.sign(refresh),
            refreshClaims: refresh,
            expiresIn: accessLifetime
        )
    }

    func claims(
        for user: User, type: TokenType, session: String, methods: [String] = TokenService.passwordOnly, now: Date, lifetime: Int
    ) -> TokenClaims {
        TokenClaims(
            sub: SubjectClaim(value: user.username),
            userID: user.id,
            type: type,
            iat: IssuedAtClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetime))),
            jti: IDClaim(value: UUID().uuidString),
            iss: IssuerClaim(value: self.settings.issuer),
            aud: AudienceClaim(value: [self.settings.audience]),
            sid: session,
            amr: methods,
            roles: type == .access && !user.roles.isEmpty ? user.roles.sorted().map(\.rawValue) : nil
        )
    }

    func sign(_ claims: TokenClaims) async throws -> String {
        try await self.keys.sign(claims)
    }

    /// Verifies the signature with the configured algorithm only, then `exp`, `nbf`, `type`, `iss` and `aud`. A token
    /// that passed all of it before is taken from the cache: its times and claims are checked again, its signature
    /// is not. Only access tokens are kept: a refresh token is presented once, then rotated.
    func verify(_ token: String, as type: TokenType, now: Date = Date()) async throws -> TokenClaims {
        if let cached = self.verifiedTokens.claims(of: token, now: now) {
            try self.check(cached, as: type, at: now)
            return cached
        }
        if !self.ownHeaderSegments.contains(where: { token.hasPrefix($0) }) {
            try self.checkHeader(of: token)
        }
        let claims: TokenClaims
        do {
            claims = try await self.keys.verify(token, as: TokenClaims.self)
        } catch {
            throw TokenError.invalidSignatureOrClaims
        }
        try self.check(claims, as: type, at: now)
        if type == .access {
            self.verifiedTokens.store(claims, of: token, now: now)
        }
        return claims
    }

    private func check(_ claims: TokenClaims, as type: TokenType, at now: Date) throws {
        do {
            try claims.verifyTimes(at: now)
        } catch {
            throw TokenError.invalidSignatureOrClaims
        }
        guard claims.type == type else { throw TokenError.wrongType }
        guard claims.iss.value == self.settings.issuer else { throw TokenError.wrongIssuer }
        guard claims.aud.value.contains(self.settings.audience) else { throw TokenError.wrongAudience }
    }

    private struct Header: Decodable {
        let alg: String?
        let kid: String?
        let jku: String?
        let jwk: AnyDecodable?
        let x5u: String?
        let x5c: AnyDecodable?
        let crit: AnyDecodable?
    }

    private struct AnyDecodable: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    private func checkHeader(of token: String) throws {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]) else { throw TokenError.malformed }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData) else { throw TokenError.malformed }
        guard header.alg == self.settings.algorithm.rawValue else { throw TokenError.wrongAlgorithm }
        guard header.kid == nil, header.jku == nil, header.jwk == nil, header.x5u == nil, header.x5c == nil, header.crit == nil
        else { throw TokenError.forbiddenHeader }
    }
}
