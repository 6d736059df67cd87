/// A mail the server wants sent: one recipient, a subject, a text body and optionally an HTML one. `MailOutbox.send`
/// queues it; the delivery service turns it into an RFC 5322 message and hands it to the transport.
struct OutgoingMail: Sendable, Equatable {
    /// The recipient's address, e.g. `ada@example.com` (no display name).
    var to: String
    var subject: String
    var text: String
    var html: String?

    init(to: String, subject: String, text: String, html: String? = nil) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }

    /// What a log line may say about the recipient: the domain only, never the whole address.
    var recipientDomain: String {
        guard let at = self.to.lastIndex(of: "@") else { return "(invalid)" }
        return String(self.to[self.to.index(after: at)...]).lowercased()
    }
}
