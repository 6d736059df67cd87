import Hummingbird

/// `POST /auth/mfa/totp/confirm`'s body.
struct ConfirmTOTPRequest: Decodable {
    let code: String
}

/// The body of `POST /auth/mfa/recovery-codes` and `DELETE /auth/mfa/totp`: the password and a current code.
struct PasswordAndCodeRequest: Decodable {
    let password: String
    let code: String
}

/// `POST /auth/mfa/verify`'s body: the token of the login's first step, and a code or a recovery code.
struct VerifyMFARequest: Decodable {
    let mfaToken: String
    let code: String?
    let recoveryCode: String?

    enum CodingKeys: String, CodingKey {
        case mfaToken = "mfa_token"
        case code
        case recoveryCode = "recovery_code"
    }
}

/// `POST /auth/mfa/totp/setup`'s answer.
struct TOTPSetupResponse: ResponseEncodable {
    let secret: String
    let otpauthURI: String

    enum CodingKeys: String, CodingKey {
        case secret
        case otpauthURI = "otpauth_uri"
    }
}

/// The recovery codes, shown once.
struct RecoveryCodesResponse: ResponseEncodable {
    let recoveryCodes: [String]

    enum CodingKeys: String, CodingKey {
        case recoveryCodes = "recovery_codes"
    }
}
