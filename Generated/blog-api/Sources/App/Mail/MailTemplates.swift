// This file is yours: authgen wrote it once and never changes it again. Rewrite the wording of any mail here; it is
// rendered with Mustache (https://mustache.github.io) when the mail is composed, and a syntax error stops the server
// at start-up with its line and column.
//
// Every template gets {{app_name}} (the project's title) and, for mails with a token, {{link}}: EMAIL_PUBLIC_URL,
// then the template's `linkPath`, then the token (see `linkStyle`). The features that send each mail add the values
// listed above it. In `html`, {{value}} is HTML-escaped; in `subject` and `text`, nothing is escaped.

enum MailTemplates {
    /// `.query` puts the token in the link's query (`/reset-password?token=…`), `.fragment` after `#` (the front
    /// end's server never receives it; its page reads `location.hash`).
    static let linkStyle = MailLinkStyle.query

    /// Values: {{link}}, {{expires_in}} (e.g. "30 minutes").
    static let passwordReset = MailTemplate(
        linkPath: "/reset-password",
        subject: "Reset your {{app_name}} password",
        text: """
            Someone asked to reset the password of your {{app_name}} account.

            To choose a new password, open this link within {{expires_in}}:
            {{link}}

            If you did not ask for this, ignore this mail: your password stays as it is.
            """,
        html: """
            <p>Someone asked to reset the password of your {{app_name}} account.</p>
            <p><a href="{{link}}">Choose a new password</a> within {{expires_in}}.</p>
            <p>If you did not ask for this, ignore this mail: your password stays as it is.</p>
            """
    )

    /// Values: {{link}}, {{expires_in}}.
    static let verifyEmail = MailTemplate(
        linkPath: "/verify-email",
        subject: "Confirm your email address for {{app_name}}",
        text: """
            Please confirm that this is your email address for {{app_name}} by opening this link within {{expires_in}}:
            {{link}}

            If you did not use this address on {{app_name}}, ignore this mail.
            """,
        html: """
            <p>Please confirm that this is your email address for {{app_name}}:</p>
            <p><a href="{{link}}">Confirm my address</a> (within {{expires_in}}).</p>
            <p>If you did not use this address on {{app_name}}, ignore this mail.</p>
            """
    )

    /// Sent to the old address. Values: none besides {{app_name}}.
    static let emailChanged = MailTemplate(
        linkPath: "/",
        subject: "Your {{app_name}} email address is being changed",
        text: """
            Someone asked to change the email address of your {{app_name}} account. The new address takes effect once
            it is confirmed from a mail sent to it.

            If this was not you, change your password now and tell us.
            """,
        html: """
            <p>Someone asked to change the email address of your {{app_name}} account. The new address takes effect
            once it is confirmed from a mail sent to it.</p>
            <p>If this was not you, change your password now and tell us.</p>
            """
    )

    /// Values: {{link}}, {{expires_in}}.
    static let invitation = MailTemplate(
        linkPath: "/accept-invitation",
        subject: "You are invited to {{app_name}}",
        text: """
            You are invited to create an account on {{app_name}}.

            Open this link within {{expires_in}} to choose a username and a password:
            {{link}}
            """,
        html: """
            <p>You are invited to create an account on {{app_name}}.</p>
            <p><a href="{{link}}">Accept the invitation</a> within {{expires_in}} to choose a username and a password.</p>
            """
    )

    static func template(for name: MailTemplateName) -> MailTemplate {
        switch name {
        case .passwordReset: self.passwordReset
        case .verifyEmail: self.verifyEmail
        case .emailChanged: self.emailChanged
        case .invitation: self.invitation
        }
    }
}
