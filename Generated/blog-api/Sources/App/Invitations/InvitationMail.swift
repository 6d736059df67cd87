/// The invitation mail: the front end's page to accept it (`MailTemplates.invitation`), with the token.
struct InvitationMail: Sendable {
    let mailer: Mailer
    let ttlSeconds: Int

    func send(to email: String, token: OneTimeToken, invitedBy inviter: User) {
        let values = ["invited_by": inviter.username, "expires_in": ExpiryText.of(seconds: self.ttlSeconds)]
        self.mailer.send(.invitation, to: email, token: token.value, values: values)
    }
}
