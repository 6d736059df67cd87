/// The spec's `email:` block, as generated.
enum MailDefaults {
    /// `email.from`: the sender of every mail (the SMTP envelope and the From header).
    static let fromAddress = "no-reply@example.com"
    /// The sender's display name; empty for a bare address.
    static let fromName = "Blog"
}
