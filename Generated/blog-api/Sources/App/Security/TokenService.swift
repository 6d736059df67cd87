import Foundation
import JWTKit

struct IssuedTokens: Sendable {
    let accessToken: String
    let refreshToken: String
    let refreshClaims: TokenClaims
    let expiresIn: Int
}

struct TokenService: Sendable {
    let keys: SigningKeys
    let settings: JWTSettings
    /// The first segment, with its dot, of the tokens this server signs: `{"alg":…,"typ":"JWT"}`, with the signing
    /// key's `"kid":…` when it has one (JWTKit writes the fields in any order). A token that starts with one passes
    /// the header check without decoding it again; any other header goes through the full check.
    let ownHeaderSegments: [String]
    let verifiedTokens: VerifiedTokenCache

    init(keys: SigningKeys, settings: JWTSettings, verifiedTokens: VerifiedTokenCache = VerifiedTokenCache()) {
        self.keys = keys
        self.settings = settings
        self.verifiedTokens = verifiedTokens
        var fields = [#""alg":"\#(settings.algorithm.rawValue)""#, #""typ":"JWT""#]
        if let kid = keys.signingKeyID {
            fields.append(#""kid":"\#(kid)""#)
        }
        self.ownHeaderSegments = Self.orders(of: fields).map { Base64URL.encode(Data("{\($0.joined(separator: ","))}".utf8)) + "." }
    }

    private static func orders(of fields: [String]) -> [[String]] {
        guard fields.count > 1 else { return [fields] }
        return fields.indices.flatMap { index in
            var rest = fields
            let first = rest.remove(at: index)
            return Self.orders(of: rest).map { [first] + $0 }
        }
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
            accessToken: try await self.sign(access),
            refreshToken: try await self.sign(refresh),
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

    /// Signs with the first key, whose `kid` (if any) the header names.
    func sign(_ claims: TokenClaims) async throws -> String {
        try await self.keys.collection.sign(claims, kid: self.keys.signingKeyID.map { JWKIdentifier(string: $0) })
    }

    /// Verifies the signature with the configured algorithm only, then `exp`, `nbf`, `type`, `iss` and `aud`. A token
    /// that passed all of it before is taken from the cache: its times and claims are checked again, its signature
    /// is not. Only access tokens are kept: a refresh token is presented once, then rotated.
    func verify(_ token: String, as type: TokenType, now: Date = Date()) async throws -> TokenClaims {
        if let cached = self.verifiedTokens.claims(of: token, now: now) {
            try self.check(cached, as: type, at: now)
            return cached
        }
        // A token without `kid` was signed before the server named its keys: any of the keys may have signed it.
        var namesItsKey = true
        if !self.ownHeaderSegments.contains(where: { token.hasPrefix($0) }) {
            namesItsKey = try self.checkHeader(of: token)
        }
        let claims: TokenClaims
        do {
            claims = try await self.keys.collection.verify(token, as: TokenClaims.self, iteratingKeys: !namesItsKey)
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

    /// Returns whether the header names its key (`kid`), which must then be one of the server's keys.
    private func checkHeader(of token: String) throws -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Base64URL.decode(parts[0]) else { throw TokenError.malformed }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData) else { throw TokenError.malformed }
        guard header.alg == self.settings.algorithm.rawValue else { throw TokenError.wrongAlgorithm }
        guard header.jku == nil, header.jwk == nil, header.x5u == nil, header.x5c == nil, header.crit == nil
        else { throw TokenError.forbiddenHeader }
        guard let kid = header.kid else { return false }
        guard self.keys.knows(keyID: kid) else { throw TokenError.unknownKey }
        return true
    }
}
