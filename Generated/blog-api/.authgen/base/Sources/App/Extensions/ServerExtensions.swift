/// The server extensions of the plugins this server was generated with, in the order they apply.
enum ServerExtensions {
    static let all: [any ServerExtension] = [
        AccountExtension(),
        APIKeysExtension(),
        EmailExtension(),
        EmailVerificationExtension(),
        InvitationsExtension(),
        MFAExtension(),
        PasswordChangeExtension(),
        PasswordResetExtension(),
        SessionsExtension(),
    ]
}
