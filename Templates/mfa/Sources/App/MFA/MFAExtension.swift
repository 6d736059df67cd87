import Foundation
import Hummingbird

/// The TOTP feature: its tables, the second step a login of a user with TOTP takes (`admitLogin` answers 401 with an
/// `mfa_token` instead of tokens), and the routes of `MFAController`, documented in `/openapi.json`.
struct MFAExtension: ServerExtension {
    /// How long a login's `mfa_token` works.
    static let loginStepSeconds = 300

    var migrations: [Migration] { [.mfaCreateTables] }

    func purgeExpired(now: Date, database: any ExtensionDatabase) async throws -> [String: Int] {
        ["mfa_logins": try await MFAStore(database: database).deleteExpiredLogins(now: now)]
    }

    static let enrolmentRequired = APIError(status: .forbidden, detail: "MFA enrolment required")

    /// `MFA_POLICY` decides per request, so the check is on; for `optional` it returns at once.
    var checksAuthentication: Bool { true }

    func checkEnvironment(_ settings: Settings) throws {
        guard MFAPolicy(rawValue: settings.mfaPolicy) != nil else {
            throw SettingsError("MFA_POLICY must be optional, required_for_superusers or required")
        }
        // Without either key (ES256 or EdDSA signing, no SECRET_KEY) development and tests still run; production refuses.
        if settings.environment == .production, settings.mfaEncryptionKey.isEmpty, (settings.jwt.secretKey ?? "").isEmpty {
            throw SettingsError("MFA_ENCRYPTION_KEY is required when SECRET_KEY is not set: TOTP secrets are encrypted with it")
        }
    }

    func addRoutes(to server: ExtensionServer) {
        let limits = server.settings.rateLimits
        MFAController(
            repository: server.repository,
            sessions: server.sessions,
            lockout: server.lockout,
            confirmation: server.passwordConfirmation,
            store: MFAStore(database: server.repository),
            secrets: TOTPSecretBox(settings: server.settings),
            recoveryCodeCount: server.settings.mfaRecoveryCodes,
            verifyLimit: RateLimitPolicy(name: "mfa-verify", rule: limits.login, enabled: limits.enabled, counters: server.repository)
        )
        .addRoutes(
            open: server.group("auth/mfa", access: .public, noStore: true),
            authenticated: server.group("auth/mfa", access: .authenticated, noStore: true)
        )
    }

    /// Under a `required…` policy a user who must have TOTP and has not turned it on is refused everything but
    /// enrolment, `/auth/me` (to see `mfa_enabled`) and logout: the login works, so that enrolment can be done.
    func authenticated(
        _ identity: AuthenticatedUser, request: Request, context: AppRequestContext, services: ExtensionServices
    ) async throws {
        guard !identity.user.mfaEnabled,
            let policy = MFAPolicy(rawValue: services.settings.mfaPolicy), policy.requiresEnrolment(of: identity.user)
        else { return }
        let auth = "\(services.settings.apiPrefix)/auth"
        guard ["\(auth)/mfa/totp/setup", "\(auth)/mfa/totp/confirm", "\(auth)/me", "\(auth)/logout"].contains(request.uri.path)
        else { throw Self.enrolmentRequired }
    }

    /// A user with TOTP on gets no tokens for the password alone: a short-lived token of this login attempt instead,
    /// to send with a code to `POST /auth/mfa/verify`.
    func admitLogin(_ user: User, context: AppRequestContext, services: ExtensionServices) async throws {
        guard user.mfaEnabled else { return }
        let token = MFAStore.newToken()
        try await MFAStore(database: services.repository)
            .startLogin(userID: user.id, token: token, now: MFAClock.now, ttlSeconds: Self.loginStepSeconds)
        context.logger.info("Password accepted; second factor required", metadata: ["user_id": "\(user.id)"])
        throw APIError(
            status: .unauthorized, detail: "MFA required", headers: [.wwwAuthenticate: "Bearer"], fields: ["mfa_token": token]
        )
    }

    /// For flows that ask for a second factor before something grave (deleting the account): a user with TOTP on
    /// must give a current code, once (a used step cannot be reused); a user without it passes. A wrong code counts
    /// into the lockout.
    func confirmSecondFactor(_ user: User, code: String?, services: ExtensionServices) async throws {
        guard user.mfaEnabled else { return }
        guard let code else { throw APIError(status: .forbidden, detail: "TOTP code required") }
        let store = MFAStore(database: services.repository)
        guard let enrolment = try await store.enrolment(userID: user.id), enrolment.confirmed,
            let step = TOTPCodes(secret: try TOTPSecretBox(settings: services.settings).open(enrolment.sealedSecret, userID: user.id))
                .matchingStep(of: code, at: MFAClock.now),
            try await store.useStep(step, userID: user.id)
        else {
            throw WrongSecondFactor(refusal: MFAController.invalidCode)
        }
    }

    func openAPIPaths(for document: OpenAPIDocument) -> [String: JSONValue] {
        let common: [String: JSONValue] = [
            "413": OpenAPIDocument.error("Request body too large"),
            "415": OpenAPIDocument.error("Content-Type must be application/json"),
        ]
        let passwordAndCode: [String: JSONValue] = [
            "400": OpenAPIDocument.error("Incorrect password, invalid code (wrong, or already used), or TOTP is not on"),
            "422": OpenAPIDocument.error("A field is missing"),
        ]
        return [
            "\(document.prefix)/auth/mfa/totp/setup": [
                "post": document.operation(
                    "Start turning TOTP on: a new secret (base32) and its otpauth:// URI for an authenticator app; it is in force once confirmed",
                    tag: "auth",
                    responses: OpenAPIDocument.merge(
                        [
                            "200": OpenAPIDocument.body("The secret, shown this once", "TOTPSetup"),
                            "409": OpenAPIDocument.error("TOTP is already on"),
                        ],
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
            "\(document.prefix)/auth/mfa/totp/confirm": [
                "post": document.operation(
                    "Turn TOTP on with a first code of the new secret; answers the recovery codes, shown this once",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("TOTPConfirm"),
                    responses: OpenAPIDocument.merge(
                        [
                            "200": OpenAPIDocument.body("TOTP is on", "RecoveryCodes"),
                            "400": OpenAPIDocument.error("Invalid code, or no setup was started"),
                            "409": OpenAPIDocument.error("TOTP is already on"),
                            "422": OpenAPIDocument.error("The code is missing"),
                        ],
                        common,
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
            "\(document.prefix)/auth/mfa/totp": [
                "delete": document.operation(
                    "Turn TOTP off, with the password and a current code: the secret and the recovery codes are deleted",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("PasswordAndCode"),
                    responses: OpenAPIDocument.merge(
                        ["200": OpenAPIDocument.body("TOTP turned off", "Message")],
                        passwordAndCode,
                        common,
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
            "\(document.prefix)/auth/mfa/recovery-codes": [
                "post": document.operation(
                    "New recovery codes, with the password and a current code: the old ones stop working",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("PasswordAndCode"),
                    responses: OpenAPIDocument.merge(
                        ["200": OpenAPIDocument.body("The new recovery codes, shown this once", "RecoveryCodes")],
                        passwordAndCode,
                        common,
                        OpenAPIDocument.loginResponses
                    ),
                    security: .authenticated
                )
            ],
            "\(document.prefix)/auth/mfa/verify": [
                "post": document.operation(
                    "The second step of a login: the mfa_token of POST /auth/token's 401 with a TOTP code or a recovery code",
                    tag: "auth",
                    body: OpenAPIDocument.jsonBody("MFAVerify"),
                    responses: OpenAPIDocument.merge(
                        [
                            "200": OpenAPIDocument.body("Logged in; the tokens' amr is [\"pwd\", \"otp\"]", "Token"),
                            "401": OpenAPIDocument.error("Invalid code (wrong, already used, or a spent recovery code), or the mfa_token is unknown, expired or out of its 5 tries"),
                            "422": OpenAPIDocument.error("The mfa_token is missing, or both code and recovery_code are"),
                            "429": OpenAPIDocument.tooManyRequests("Too many requests from this client address, or the username is locked for it"),
                        ],
                        common
                    )
                )
            ],
        ]
    }

    var openAPISchemas: [String: JSONValue] {
        [
            "TOTPSetup": [
                "type": "object",
                "properties": [
                    "secret": ["type": "string", "description": "The secret in base32, to type into an authenticator app"],
                    "otpauth_uri": ["type": "string", "description": "otpauth://totp/… with issuer and account, for a QR code"],
                ],
                "required": ["secret", "otpauth_uri"],
            ],
            "TOTPConfirm": [
                "type": "object",
                "properties": ["code": ["type": "string", "description": "A 6-digit code of the new secret"]],
                "required": ["code"],
            ],
            "PasswordAndCode": [
                "type": "object",
                "properties": [
                    "password": ["type": "string", "format": "password"],
                    "code": ["type": "string", "description": "A current 6-digit TOTP code"],
                ],
                "required": ["password", "code"],
            ],
            "RecoveryCodes": [
                "type": "object",
                "properties": ["recovery_codes": ["type": "array", "items": ["type": "string"]]],
                "required": ["recovery_codes"],
            ],
            "MFAVerify": [
                "type": "object",
                "properties": [
                    "mfa_token": ["type": "string"],
                    "code": ["type": "string", "description": "A current 6-digit TOTP code"],
                    "recovery_code": ["type": "string", "description": "One of the recovery codes (each works once)"],
                ],
                "required": ["mfa_token"],
            ],
        ]
    }
}
