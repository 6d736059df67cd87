import Foundation
import JWTKit

enum TokenType: String, Codable, Sendable {
    case access
    case refresh
}

struct TokenClaims: JWTPayload, Equatable {
    var sub: SubjectClaim
    var userID: Int64
    var type: TokenType
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var iss: IssuerClaim
    var aud: AudienceClaim
    /// Shared by the access and refresh tokens of one login, so that logout can find its refresh token.
    var sid: String
    /// Never set by this server; a token that has one is refused until that time.
    var nbf: NotBeforeClaim?
    /// How the session's user proved who they are (RFC 8176): `["pwd"]`, or `["pwd", "otp"]` after a second factor.
    /// Kept by every refresh of the session. Nil only in tokens signed before the claim existed.
    var amr: [String]?
    /// The user's roles when the access token was issued, for the client to show: the server reads them from the
    /// database on each request, so a role revoked since then no longer counts. Absent when the user has none.
    var roles: [String]?

    enum CodingKeys: String, CodingKey {
        case sub, type, iat, exp, jti, iss, aud, sid, nbf, amr, roles
        case userID = "user_id"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try self.verifyTimes(at: Date())
    }

    func verifyTimes(at now: Date) throws {
        try self.exp.verifyNotExpired(currentDate: now)
        try self.nbf?.verifyNotBefore(currentDate: now)
    }
}
