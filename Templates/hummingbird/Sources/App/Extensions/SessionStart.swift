import Foundation

/// A login session just created, as `ServerExtension.sessionStarted` is told of it.
struct SessionStart: Sendable {
    /// The `sid` its tokens carry.
    let sessionID: String
    let user: User
    /// How the user proved who they are, e.g. `["pwd"]`, or `["pwd", "otp"]` after a second factor.
    let methods: [String]
    let startedAt: Date
    /// The `User-Agent` header of the login request, if any.
    let userAgent: String?
    /// `context.clientAddress` of the login request.
    let clientAddress: String
}
