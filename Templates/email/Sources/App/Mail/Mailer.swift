/// What the mail features of one application share: the outbox its delivery service empties, and the composer of
/// `MailTemplates`. `send` composes and queues a mail and returns at once.
struct Mailer: Sendable {
    let outbox: MailOutbox
    let composer: MailComposer

    /// Composes `template` for `recipient` (with `token`, `{{link}}` is the front end's link carrying it) and
    /// queues it for delivery.
    func send(_ template: MailTemplateName, to recipient: String, token: String? = nil, values: [String: String] = [:]) {
        self.outbox.send(self.composer.compose(template, to: recipient, token: token, values: values))
    }
}
