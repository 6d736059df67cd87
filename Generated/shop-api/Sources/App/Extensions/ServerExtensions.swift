/// The server extensions of the plugins this server was generated with, in the order they apply.
enum ServerExtensions {
    static let all: [any ServerExtension] = [
        JWKSExtension(),
        PasswordChangeExtension(),
    ]
}
