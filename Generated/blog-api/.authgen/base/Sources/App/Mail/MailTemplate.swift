/// The mails the server's features send; each one's wording is in `MailTemplates.swift`.
enum MailTemplateName: String, Sendable, CaseIterable {
    /// The link to choose a new password (`POST /auth/password-reset`).
    case passwordReset = "password_reset"
    /// The link that confirms an address: after registration, on request, and for a new address.
    case verifyEmail = "verify_email"
    /// A notice to the old address that the account's address is being changed.
    case emailChanged = "email_changed"
    /// The link that lets an invited person create an account.
    case invitation
}

/// One mail's wording: Mustache templates for the subject, the text and the HTML, rendered when a mail is composed
/// (a value's name in double braces prints it; in the HTML it is escaped). `linkPath` is the front end's page that
/// the `link` value opens.
struct MailTemplate: Sendable {
    var linkPath: String
    var subject: String
    var text: String
    var html: String?
}

/// Where a link carries its token: `?token=…` (the front end's server sees it), or `#token=…` (only the browser does).
enum MailLinkStyle: Sendable {
    case query
    case fragment
}
