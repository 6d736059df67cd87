/// The reset mail: the front end's reset page with the token (`MailTemplates.passwordReset`), queued on the
/// application's outbox.
struct PasswordResetMail: Sendable {
    let mailer: Mailer
    let ttlSeconds: Int

    func send(to user: User, token: OneTimeToken) {
        let values = ["username": user.username, "expires_in": ExpiryText.of(seconds: self.ttlSeconds)]
        self.mailer.send(.passwordReset, to: user.email, token: token.value, values: values)
    }
}
