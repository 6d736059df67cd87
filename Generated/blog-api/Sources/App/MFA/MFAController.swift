import Foundation
import Hummingbird

/// `/auth/mfa/…`: turning TOTP on (setup, then confirm with a first code), new recovery codes, turning it off, and
/// the second step of a login (`POST /auth/mfa/verify`).
struct MFAController {
    let repository: any AppRepository
    let sessions: SessionStarter
    let lockout: LoginLockout
    let confirmation: PasswordConfirmation
    let store: MFAStore
    let secrets: TOTPSecretBox
    let recoveryCodeCount: Int
    let verifyLimit: RateLimitPolicy

    static let invalidCode = APIError(status: .badRequest, detail: "Invalid code")
    static let invalidLoginCode = APIError(status: .unauthorized, detail: "Invalid code", headers: [.wwwAuthenticate: "Bearer"])
    static let invalidMFAToken = APIError(
        status: .unauthorized, detail: "Invalid or expired MFA token", headers: [.wwwAuthenticate: "Bearer"]
    )
    static let notOn = APIError(status: .badRequest, detail: "TOTP is not on")
    static let alreadyOn = APIError(status: .conflict, detail: "TOTP is already on")

    /// `open`: `/auth/mfa` without a login; `authenticated`: the same path for logged-in users.
    func addRoutes(open: RouterGroup<AppRequestContext>, authenticated: RouterGroup<AppRequestContext>) {
        open.group("verify")
            .add(middleware: RateLimitMiddleware(policy: self.verifyLimit))
            .post(use: self.verify)
        authenticated.post("totp/setup", use: self.setup)
        authenticated.post("totp/confirm", use: self.confirm)
        authenticated.delete("totp", use: self.disable)
        authenticated.post("recovery-codes", use: self.newRecoveryCodes)
    }

    /// A new secret, not yet in force: the app shows its first code to `confirm`. Asking again replaces it.
    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> TOTPSetupResponse {
        let user = try context.requireIdentity().user
        guard !user.mfaEnabled else { throw Self.alreadyOn }
        let secret = TOTPCodes.newSecret()
        try await self.store.begin(userID: user.id, sealedSecret: try self.secrets.seal(secret, userID: user.id), now: MFAClock.now)
        let codes = TOTPCodes(secret: secret)
        context.logger.info("TOTP setup started", metadata: ["user_id": "\(user.id)"])
        return TOTPSetupResponse(
            secret: codes.base32Secret,
            otpauthURI: codes.authenticatorURI(issuer: SpecDefaults.title, account: user.username)
        )
    }

    /// Turns TOTP on with a code of the new secret, and answers the recovery codes: the only time they are shown.
    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> RecoveryCodesResponse {
        let user = try context.requireIdentity().user
        let input = try await request.decode(as: ConfirmTOTPRequest.self, context: context)
        guard !user.mfaEnabled else { throw Self.alreadyOn }
        guard let enrolment = try await self.store.enrolment(userID: user.id), !enrolment.confirmed else {
            throw APIError(status: .badRequest, detail: "Start with POST /auth/mfa/totp/setup")
        }
        let now = MFAClock.now
        let secret = try self.secrets.open(enrolment.sealedSecret, userID: user.id)
        guard let step = TOTPCodes(secret: secret).matchingStep(of: input.code, at: now) else { throw Self.invalidCode }
        try await self.store.confirm(userID: user.id, step: step, now: now)
        let codes = try await self.replaceRecoveryCodes(userID: user.id)
        try await self.repository.setMfaEnabled(true, userID: user.id)
        context.logger.info("TOTP turned on", metadata: ["user_id": "\(user.id)"])
        return codes
    }

    /// New recovery codes (the old ones stop working), with the password and a current code.
    @Sendable func newRecoveryCodes(_ request: Request, context: AppRequestContext) async throws -> RecoveryCodesResponse {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: PasswordAndCodeRequest.self, context: context)
        try await self.requirePasswordAndCode(input, identity: identity, context: context)
        let codes = try await self.replaceRecoveryCodes(userID: identity.user.id)
        context.logger.info("New recovery codes", metadata: ["user_id": "\(identity.user.id)"])
        return codes
    }

    /// Turns TOTP off, with the password and a current code; the secret and the recovery codes are deleted.
    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let identity = try context.requireIdentity()
        let input = try await request.decode(as: PasswordAndCodeRequest.self, context: context)
        try await self.requirePasswordAndCode(input, identity: identity, context: context)
        try await self.store.remove(userID: identity.user.id)
        try await self.repository.setMfaEnabled(false, userID: identity.user.id)
        context.logger.info("TOTP turned off", metadata: ["user_id": "\(identity.user.id)"])
        return MessageResponse(message: "TOTP turned off")
    }

    /// The second step of a login: the `mfa_token` of `POST /auth/token`'s 401 and a code (or a recovery code) →
    /// the usual token answer. Each token allows 5 tries; wrong codes count into the login lockout.
    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TokenResponse> {
        let input = try await request.decode(as: VerifyMFARequest.self, context: context)
        guard input.code != nil || input.recoveryCode != nil else {
            throw APIError.unprocessable("Field required: code or recovery_code")
        }
        let now = MFAClock.now
        guard let userID = try await self.store.tryLogin(token: input.mfaToken, now: now),
            let user = try await self.repository.user(id: userID), user.isActive, user.mfaEnabled
        else {
            throw Self.invalidMFAToken
        }
        let username = Username.normalized(user.username)
        try await self.lockout.check(username: username, address: context.clientAddress)
        let accepted: Bool
        if let code = input.code {
            accepted = try await self.acceptCode(code, userID: user.id, now: now)
        } else {
            accepted = try await self.store.spendRecoveryCode(input.recoveryCode ?? "", userID: user.id)
        }
        guard accepted else {
            try await self.lockout.recordFailure(username: username, address: context.clientAddress)
            context.logger.info("Wrong second factor", metadata: ["user_id": "\(user.id)"])
            throw Self.invalidLoginCode
        }
        try await self.store.finishLogin(token: input.mfaToken)
        try await self.lockout.recordSuccess(username: username, address: context.clientAddress)
        // The session says it was made with a second factor (`amr`), as `POST /auth/token` would start it otherwise.
        let issued = try await self.sessions.start(for: user, methods: ["pwd", "otp"], request: request, context: context)
        context.logger.info(
            "Logged in with a second factor",
            metadata: ["user_id": "\(user.id)", "factor": input.code != nil ? "totp" : "recovery_code"]
        )
        return EditedResponse(headers: [.cacheControl: "no-store"], response: TokenResponse(issued))
    }

    /// True when `code` is the user's code of now (±1 step) and no code of that step or a later one was used.
    func acceptCode(_ code: String, userID: Int64, now: Date) async throws -> Bool {
        guard let enrolment = try await self.store.enrolment(userID: userID), enrolment.confirmed else { return false }
        let secret = try self.secrets.open(enrolment.sealedSecret, userID: userID)
        guard let step = TOTPCodes(secret: secret).matchingStep(of: code, at: now) else { return false }
        return try await self.store.useStep(step, userID: userID)
    }

    private func replaceRecoveryCodes(userID: Int64) async throws -> RecoveryCodesResponse {
        let codes = (0..<self.recoveryCodeCount).map { _ in MFAStore.newRecoveryCode() }
        try await self.store.replaceRecoveryCodes(codes, userID: userID)
        return RecoveryCodesResponse(recoveryCodes: codes)
    }

    /// The password (wrong ones count into the lockout, as at `POST /auth/password`) and a current code of a user
    /// with TOTP on.
    private func requirePasswordAndCode(
        _ input: PasswordAndCodeRequest, identity: AuthenticatedUser, context: AppRequestContext
    ) async throws {
        try await self.confirmation.confirm(input.password, of: identity, context: context)
        guard identity.user.mfaEnabled else { throw Self.notOn }
        guard try await self.acceptCode(input.code, userID: identity.user.id, now: MFAClock.now) else {
            try await self.confirmation.recordFailure(of: identity, context: context)
            throw Self.invalidCode
        }
    }
}
