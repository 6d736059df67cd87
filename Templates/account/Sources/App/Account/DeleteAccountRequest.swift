/// `DELETE /auth/me`'s body: the password, and the second factor's code when the user has one.
struct DeleteAccountRequest: Decodable {
    let password: String
    let code: String?
}
