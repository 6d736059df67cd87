import Hummingbird

struct TokenResponse: ResponseEncodable, Decodable {
    let accessToken: String
    let tokenType: String
    let refreshToken: String
    let expiresIn: Int

    init(_ tokens: IssuedTokens) {
        self.accessToken = tokens.accessToken
        self.tokenType = "bearer"
        self.refreshToken = tokens.refreshToken
        self.expiresIn = tokens.expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case refreshToken = "refresh_token"
        case expiresIn = "expires_in"
    }
}
