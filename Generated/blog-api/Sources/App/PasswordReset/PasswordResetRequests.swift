/// `POST /auth/password-reset`'s body.
struct PasswordResetRequest: Decodable {
    let email: String
}

/// `POST /auth/password-reset/confirm`'s body.
struct PasswordResetConfirmRequest: Decodable {
    let token: String
    let newPassword: String

    enum CodingKeys: String, CodingKey {
        case token
        case newPassword = "new_password"
    }
}
