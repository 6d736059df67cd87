import Foundation

/// Issues verification tokens and queues their mails: the front end's page that confirms an address
/// (`MailTemplates.verifyEmail`), and the notice to the old address of an email change (`MailTemplates.emailChanged`).
struct EmailVerificationMail: Sendable {
    let tokens: EmailVerificationTokens
    let mailer: Mailer
    let ttlSeconds: Int

    /// A new link for `email` (the user's address, or the new one of a change), voiding the user's earlier link.
    func sendVerification(userID: Int64, username: String, to email: String) async throws {
        let token = OneTimeToken.generate()
        try await self.tokens.replace(userID: userID, email: email, with: token, now: Date(), ttlSeconds: self.ttlSeconds)
        let values = ["username": username, "expires_in": ExpiryText.of(seconds: self.ttlSeconds)]
        self.mailer.send(.verifyEmail, to: email, token: token.value, values: values)
    }

    func sendChangeNotice(username: String, to oldEmail: String) {
        self.mailer.send(.emailChanged, to: oldEmail, values: ["username": username])
    }
}
