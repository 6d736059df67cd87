import Foundation
import Hummingbird

/// The email-verification feature: the token table, the verification mail on registration, the login refusal of
/// unverified users when `EMAIL_VERIFICATION_REQUIRED`, and the routes of `EmailVerificationController`, documented
/// in `/openapi.json`.
struct EmailVerificationExtension: ServerExtension {
    static let notVerified = APIError(status: .forbidden, detail: "Email not verified")

    var migrations: [Migration] { [.emailVerificationCreateTokens] }

    func purgeExpired(now: Date, database: any ExtensionDatabase) async throws -> [String: Int] {
        ["email_verification_tokens": try await EmailVerificationTokens(database: database).deleteExpired(now: now)]
    }

    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {}

    func addRoutes(to server: ExtensionServer) {
        let limits = server.settings.rateLimits
        EmailVerificationController(
            repository: server.repository,
            authenticator: server.authenticator,
            confirmation: server.passwordConfirmation,
            verifications: EmailVerificationTokens(database: server.repository),
            mail: Self.mail(server.services),
            verifyLimit: RateLimitPolicy(name: "verify-email", rule: limits.login, enabled: limits.enabled, counters: server.repository),
            changeLimit: RateLimitPolicy(name: "change-email", rule: limits.login, enabled: limits.enabled, counters: server.repository)
        ).addRoutes(to: server.group("auth", access: .public, noStore: true))
    }

    /// Every new account gets a verification mail.
    func userRegistered(_ user: User, context: AppRequestContext, services: ExtensionServices) async {
        do {
            try await Self.mail(services).sendVerification(userID: user.id, username: user.username, to: user.email)
        } catch {
            context.logger.error("Could not send the verification mail", metadata: ["user_id": "\(user.id)", "error": "\(error)"])
        }
    }

    /// Called after the password was right: only then does a client learn that the address is unverified.
    /// Superusers are exempt: `create-superuser` makes them from the console, with no mail to open.
    func admitLogin(_ user: User, context: AppRequestContext, services: ExtensionServices) async throws {
        if services.settings.emailVerificationRequired, !user.emailVerified, !user.isSuperuser {
            throw Self.notVerified
        }
    }

    static func mail(_ services: ExtensionServices) -> EmailVerificationMail {
        EmailVerificationMail(
            tokens: EmailVerificationTokens(database: services.repository),
            mailer: services.shared(Mailer.self),
            ttlSeconds: services.settings.emailVerificationTtlSeconds
        )
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        let common: [String: JSONValue] = [
            "413": OpenAPIDocument.error("Request body too large"),
            "415": OpenAPIDocument.error("Content-Type must be application/json"),
        ]
        return [
            "\(document.prefix)/auth/verify-email": [
                "post": document.operation(
                    "Confirm an address with the token of a verification mail: the user's own, or the new one of an email change",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("VerifyEmail"),
                    responses: OpenAPIDocument.merge(
                        [
                            "200": OpenAPIDocument.body("Email verified, or Email changed", "Message"),
                            "400": OpenAPIDocument.error("Invalid or expired token (used, replaced by a newer link, or never issued), or the new email was registered meanwhile"),
                            "422": OpenAPIDocument.error("The token is missing"),
                            "429": OpenAPIDocument.tooManyRequests("Too many requests from this client address"),
                        ],
                        common
                    )
                )
            ],
            "\(document.prefix)/auth/verify-email/resend": [
                "post": document.operation(
                    "Send a new verification link: to the logged-in user (bearer token), or to the address in the body; the answer is the same either way",
                    tag: "auth",
                    body: ["required": false, "content": ["application/json": ["schema": OpenAPIDocument.ref("ResendVerification")]]],
                    responses: OpenAPIDocument.merge(
                        [
                            "202": OpenAPIDocument.body("Accepted: a mail is sent if the account exists and is unverified", "Message"),
                            "401": OpenAPIDocument.error("The bearer token is invalid or expired"),
                            "403": OpenAPIDocument.error("Inactive user"),
                            "422": OpenAPIDocument.error("No bearer token, and the email is missing"),
                            "429": OpenAPIDocument.tooManyRequests("Too many requests from this client address or for this email"),
                        ],
                        common
                    )
                )
            ],
            "\(document.prefix)/auth/email": [
                "post": document.operation(
                    "Change the email: a link goes to the new address and a notice to the old one; the address changes once the link is opened",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("EmailChange"),
                    responses: OpenAPIDocument.merge(
                        [
                            "202": OpenAPIDocument.body("Accepted: the link is on its way to the new address", "Message"),
                            "400": OpenAPIDocument.error("Incorrect password, the new email is the current one, or it is already registered"),
                            "422": OpenAPIDocument.error("A field is missing, or the new email is invalid"),
                            "429": OpenAPIDocument.tooManyRequests("Too many requests from this client address"),
                        ],
                        common,
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "VerifyEmail": [
                "type": "object",
                "properties": ["token": ["type": "string", "description": "The `token` query parameter of the link in the mail"]],
                "required": ["token"],
            ],
            "ResendVerification": [
                "type": "object",
                "properties": ["email": ["type": "string", "format": "email"]],
                "required": ["email"],
            ],
            "EmailChange": [
                "type": "object",
                "properties": [
                    "new_email": ["type": "string", "format": "email"],
                    "password": ["type": "string", "format": "password"],
                ],
                "required": ["new_email", "password"],
            ],
        ]
    }
}
