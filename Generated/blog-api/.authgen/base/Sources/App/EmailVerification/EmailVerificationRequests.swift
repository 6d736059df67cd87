/// `POST /auth/verify-email`'s body.
struct VerifyEmailRequest: Decodable {
    let token: String
}

/// `POST /auth/verify-email/resend`'s body, when the request has no bearer token.
struct ResendVerificationRequest: Decodable {
    let email: String
}

/// `POST /auth/email`'s body.
struct ChangeEmailRequest: Decodable {
    let newEmail: String
    let password: String

    enum CodingKeys: String, CodingKey {
        case newEmail = "new_email"
        case password
    }
}
