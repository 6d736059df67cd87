struct RegisterRequest: Decodable {
    let email: String
    let username: String
    let password: String
    let fullName: String?

    enum CodingKeys: String, CodingKey {
        case email, username, password
        case fullName = "full_name"
    }
}

/// The OAuth2 password grant form.
struct TokenRequest: Decodable {
    let username: String
    let password: String
    let grantType: String?

    enum CodingKeys: String, CodingKey {
        case username, password
        case grantType = "grant_type"
    }
}

struct RefreshRequest: Decodable {
    let refreshToken: String

    enum CodingKeys: String, CodingKey {
        case refreshToken = "refresh_token"
    }
}
