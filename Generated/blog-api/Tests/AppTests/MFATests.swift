import Foundation
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Testing

@testable import App

/// TOTP from the outside, at fixed times (`MFAClock`): codes are computed here with HummingbirdOTP from the secret
/// the server gave, as an authenticator app would.
@Suite("Two-factor authentication (TOTP)")
struct MFATests {
    /// RFC 6238, appendix B: the SHA-1 secret and times; the 6-digit codes are the last six digits of the table's.
    static let rfcSecret = "12345678901234567890"
    static let rfcVectors: [(seconds: TimeInterval, code: String)] = [
        (59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
        (2_000_000_000, "279037"), (20_000_000_000, "353130"),
    ]
    /// A fixed time, at the start of a 30-second step.
    static let start = Date(timeIntervalSince1970: 1_700_000_010)

    @Test func codesAreThoseOfTheRFCVectorsWithinOneStep() {
        let codes = TOTPCodes(secret: Self.rfcSecret)
        for vector in Self.rfcVectors {
            let now = Date(timeIntervalSince1970: vector.seconds)
            let step = TOTPCodes.step(at: now)
            #expect(codes.code(atStep: step) == vector.code)
            #expect(codes.matchingStep(of: vector.code, at: now) == step)
            // One step of drift either way is accepted, two are not.
            #expect(codes.matchingStep(of: vector.code, at: now.addingTimeInterval(30)) == step)
            #expect(codes.matchingStep(of: vector.code, at: now.addingTimeInterval(-30)) == step)
            #expect(codes.matchingStep(of: vector.code, at: now.addingTimeInterval(61)) == nil)
            #expect(codes.matchingStep(of: vector.code, at: now.addingTimeInterval(-61)) == nil)
        }
        #expect(codes.matchingStep(of: "28708", at: Date(timeIntervalSince1970: 59)) == nil)
        #expect(codes.matchingStep(of: "２８７０８２", at: Date(timeIntervalSince1970: 59)) == nil)
        #expect(Base32.encode(Array(Self.rfcSecret.utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test func secretsAreSealedForOneUserUnderTheConfiguredKey() throws {
        var settings = Settings.forTesting(database: .sqlite(path: "unused.sqlite"))
        let box = TOTPSecretBox(settings: settings)
        let sealed = try box.seal(Self.rfcSecret, userID: 7)
        #expect(!sealed.contains(Self.rfcSecret))
        #expect(try box.open(sealed, userID: 7) == Self.rfcSecret)
        #expect(throws: (any Error).self) { try box.open(sealed, userID: 8) }
        settings.mfaEncryptionKey = "another-key-0123456789abcdef0123456789"
        #expect(throws: (any Error).self) { try TOTPSecretBox(settings: settings).open(sealed, userID: 7) }
    }

    // MARK: Enrolment

    @Test(arguments: TestDatabase.available)
    func enrolmentTurnsTOTPOnWithAFirstCodeAndAnswersRecoveryCodesOnce(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, _ in
                let tokens = try await client.signUp("tara")
                #expect(try await client.me(tokens.accessToken).json?["mfa_enabled"] as? Bool == false)
                let setup = try await client.mfa(.post, "/totp/setup", token: tokens.accessToken)
                #expect(setup.status == .ok)
                #expect(setup.headers[.cacheControl] == "no-store")
                let secret = try #require(setup.json?["secret"] as? String)
                let uri = try #require(setup.json?["otpauth_uri"] as? String)
                #expect(uri.hasPrefix("otpauth://totp/"))
                #expect(uri.contains("secret=\(secret)"))
                #expect(uri.contains("tara"))
                #expect(uri.contains("issuer="))

                let wrong = try await client.mfa(.post, "/totp/confirm", token: tokens.accessToken, json: ["code": "000000"])
                #expect(wrong.status == .badRequest)
                #expect(try await client.me(tokens.accessToken).json?["mfa_enabled"] as? Bool == false)

                let confirmed = try await client.mfa(
                    .post, "/totp/confirm", token: tokens.accessToken, json: ["code": try Self.code(secret, at: Self.start)])
                #expect(confirmed.status == .ok)
                let codes = try #require(confirmed.json?["recovery_codes"] as? [String])
                #expect(codes.count == Settings.forTesting(database: .sqlite(path: "unused.sqlite")).mfaRecoveryCodes)
                #expect(Set(codes).count == codes.count)
                #expect(try await client.me(tokens.accessToken).json?["mfa_enabled"] as? Bool == true)

                // On: no second setup, no second confirmation.
                #expect(try await client.mfa(.post, "/totp/setup", token: tokens.accessToken).status == .conflict)
                let again = try await client.mfa(
                    .post, "/totp/confirm", token: tokens.accessToken, json: ["code": try Self.code(secret, at: Self.start + 30)])
                #expect(again.status == .conflict)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func enrolmentNeedsALoginAndASetupFirst(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            #expect(try await client.mfa(.post, "/totp/setup").status == .unauthorized)
            #expect(try await client.mfa(.post, "/totp/confirm", json: ["code": "123456"]).status == .unauthorized)
            let tokens = try await client.signUp("uma")
            let early = try await client.mfa(.post, "/totp/confirm", token: tokens.accessToken, json: ["code": "123456"])
            #expect(early.status == .badRequest)
            #expect(try await client.mfa(.post, "/totp/confirm", token: tokens.accessToken, json: [:]).status == .unprocessableContent)
        }
    }

    /// The database holds the secret sealed: not the secret, not its base32.
    @Test(arguments: TestDatabase.available)
    func theSecretIsStoredEncrypted(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let tokens = try await client.signUp("vic")
            let secret = try #require(try await client.mfa(.post, "/totp/setup", token: tokens.accessToken).json?["secret"] as? String)
            let rows = try await app.repository.execute(ExtensionStatement(sqlite: "SELECT secret FROM mfa_totp", postgres: "SELECT secret FROM mfa_totp"), [])
            let stored = try #require(rows.first?["secret"]?.text)
            #expect(stored != secret)
            #expect(!stored.contains(secret))
        }
    }

    // MARK: Login

    @Test(arguments: TestDatabase.available)
    func aLoginTakesTheCodeAfterThePasswordAndItsTokensSaySo(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, _ in
                let (secret, _) = try await Self.enrol(client, "wes")
                let first = try await client.login("wes")
                #expect(first.status == .unauthorized)
                #expect(first.detail == "MFA required")
                #expect(first.json?["access_token"] == nil)
                let mfaToken = try #require(first.json?["mfa_token"] as? String)
                // A wrong password says nothing of the second factor.
                let wrong = try await client.login("wes", password: "Wrong#Garden42")
                #expect(wrong.json?["mfa_token"] == nil)
                #expect(wrong.detail == "Incorrect username or password")

                let verified = try await client.mfa(
                    .post, "/verify", json: ["mfa_token": mfaToken, "code": try Self.code(secret, at: Self.start + 30)])
                #expect(verified.status == .ok)
                #expect(verified.headers[.cacheControl] == "no-store")
                let tokens = try verified.decode(TokenResponse.self)
                #expect(try TokenTests.claims(of: tokens.accessToken).amr == ["pwd", "otp"])
                #expect(try await client.me(tokens.accessToken).status == .ok)
                // A refresh keeps how the session began.
                let refreshed = try await client.refresh(tokens.refreshToken)
                #expect(try TokenTests.claims(of: try refreshed.decode(TokenResponse.self).accessToken).amr == ["pwd", "otp"])
                // The token of that login is spent.
                let reused = try await client.mfa(
                    .post, "/verify", json: ["mfa_token": mfaToken, "code": try Self.code(secret, at: Self.start + 60)])
                #expect(reused.status == .unauthorized)
                #expect(reused.detail == "Invalid or expired MFA token")
            }
        }
    }

    /// A code works once: the same code, even for a new login, is refused, as is an older step's.
    @Test(arguments: TestDatabase.available)
    func aReplayedCodeIsRefused(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, _ in
                let (secret, _) = try await Self.enrol(client, "xia")
                let code = try Self.code(secret, at: Self.start + 30)
                #expect(try await Self.verify(client, "xia", code: code).status == .ok)
                let replay = try await Self.verify(client, "xia", code: code)
                #expect(replay.status == .unauthorized)
                #expect(replay.detail == "Invalid code")
                // The step before the used one is within the window, but older.
                #expect(try await Self.verify(client, "xia", code: try Self.code(secret, at: Self.start)).status == .unauthorized)
            }
        }
    }

    /// Codes one step away are accepted, two steps are not.
    @Test(arguments: TestDatabase.available)
    func codesOutsideOneStepAreRefused(database: TestDatabase) async throws {
        try await Self.at(Self.start + 300) {
            try await withApp(on: database) { client, _ in
                let (secret, _) = try await Self.enrol(client, "yan", at: Self.start + 300)
                #expect(try await Self.verify(client, "yan", code: try Self.code(secret, at: Self.start + 240)).status == .unauthorized)
                #expect(try await Self.verify(client, "yan", code: try Self.code(secret, at: Self.start + 360)).status == .unauthorized)
                #expect(try await Self.verify(client, "yan", code: try Self.code(secret, at: Self.start + 330)).status == .ok)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func anMFATokenAllowsFiveTriesAndExpires(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, _ in
                let (secret, _) = try await Self.enrol(client, "zoe")
                let mfaToken = try await Self.mfaToken(client, "zoe")
                for _ in 0..<5 {
                    let wrong = try await client.mfa(.post, "/verify", json: ["mfa_token": mfaToken, "code": "000000"])
                    #expect(wrong.status == .unauthorized)
                    #expect(wrong.detail == "Invalid code")
                }
                let sixth = try await client.mfa(
                    .post, "/verify", json: ["mfa_token": mfaToken, "code": try Self.code(secret, at: Self.start + 30)])
                #expect(sixth.status == .unauthorized)
                #expect(sixth.detail == "Invalid or expired MFA token")
                #expect(try await client.mfa(.post, "/verify", json: ["mfa_token": "made-up", "code": "000000"]).status == .unauthorized)
                #expect(try await client.mfa(.post, "/verify", json: ["mfa_token": mfaToken]).status == .unprocessableContent)
            }
            // Five minutes later, a token of then is refused, even with a right code.
            try await withApp(on: database) { client, _ in
                let (secret, _) = try await Self.enrol(client, "zed")
                let mfaToken = try await Self.mfaToken(client, "zed")
                let late = Self.start + TimeInterval(MFAExtension.loginStepSeconds) + 1
                let answer = try await Self.at(late) {
                    try await client.mfa(.post, "/verify", json: ["mfa_token": mfaToken, "code": try Self.code(secret, at: late)])
                }
                #expect(answer.status == .unauthorized)
                #expect(answer.detail == "Invalid or expired MFA token")
            }
        }
    }

    /// Wrong codes count into the lockout, and the right password does not clear them: a thief with the password
    /// cannot start login after login to keep guessing.
    @Test(arguments: TestDatabase.available)
    func wrongCodesLockTheUsernameAndThePasswordDoesNotUnlockIt(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database, with: .set(\.lockout, LockoutSettings(after: 3, seconds: 60))) { client, _ in
                let (secret, _) = try await Self.enrol(client, "abe")
                for _ in 0..<3 {
                    let mfaToken = try await Self.mfaToken(client, "abe")
                    #expect(try await client.mfa(.post, "/verify", json: ["mfa_token": mfaToken, "code": "000000"]).status == .unauthorized)
                }
                let locked = try await client.login("abe")
                #expect(locked.status == .tooManyRequests)
                #expect(locked.json?["mfa_token"] == nil)
                _ = secret
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRecoveryCodeLogsInOnce(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, _ in
                let (_, codes) = try await Self.enrol(client, "boris")
                let first = try await client.mfa(.post, "/verify", json: ["mfa_token": try await Self.mfaToken(client, "boris"), "recovery_code": codes[0].uppercased()])
                #expect(first.status == .ok)
                #expect(try TokenTests.claims(of: try first.decode(TokenResponse.self).accessToken).amr == ["pwd", "otp"])
                let again = try await client.mfa(.post, "/verify", json: ["mfa_token": try await Self.mfaToken(client, "boris"), "recovery_code": codes[0]])
                #expect(again.status == .unauthorized)
                #expect(try await client.mfa(.post, "/verify", json: ["mfa_token": try await Self.mfaToken(client, "boris"), "recovery_code": codes[1]]).status == .ok)
            }
        }
    }

    // MARK: Recovery codes and turning TOTP off

    @Test(arguments: TestDatabase.available)
    func newRecoveryCodesTakeThePasswordAndACodeAndVoidTheOldOnes(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, _ in
                let (secret, old) = try await Self.enrol(client, "cyrus")
                let access = try await Self.verify(client, "cyrus", code: try Self.code(secret, at: Self.start)).decode(TokenResponse.self).accessToken
                let code = try Self.code(secret, at: Self.start + 30)
                let wrongPassword = try await client.mfa(.post, "/recovery-codes", token: access, json: ["password": "Wrong#Garden42", "code": code])
                #expect(wrongPassword.status == .badRequest)
                #expect(wrongPassword.detail == "Incorrect password")
                let wrongCode = try await client.mfa(.post, "/recovery-codes", token: access, json: ["password": TestValues.password, "code": "000000"])
                #expect(wrongCode.status == .badRequest)
                #expect(wrongCode.detail == "Invalid code")
                #expect(try await client.mfa(.post, "/recovery-codes", json: ["password": TestValues.password, "code": code]).status == .unauthorized)

                let renewed = try await client.mfa(.post, "/recovery-codes", token: access, json: ["password": TestValues.password, "code": code])
                #expect(renewed.status == .ok)
                let new = try #require(renewed.json?["recovery_codes"] as? [String])
                #expect(new.count == Settings.forTesting(database: .sqlite(path: "unused.sqlite")).mfaRecoveryCodes)
                #expect(Set(new).isDisjoint(with: old))
                let oldOne = try await client.mfa(.post, "/verify", json: ["mfa_token": try await Self.mfaToken(client, "cyrus"), "recovery_code": old[2]])
                #expect(oldOne.status == .unauthorized)
                #expect(try await client.mfa(.post, "/verify", json: ["mfa_token": try await Self.mfaToken(client, "cyrus"), "recovery_code": new[2]]).status == .ok)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func turningTOTPOffTakesThePasswordAndACode(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, _ in
                let (secret, _) = try await Self.enrol(client, "dee")
                let access = try await Self.verify(client, "dee", code: try Self.code(secret, at: Self.start)).decode(TokenResponse.self).accessToken
                let code = try Self.code(secret, at: Self.start + 30)
                #expect(try await client.mfa(.delete, "/totp", token: access, json: ["password": "Wrong#Garden42", "code": code]).status == .badRequest)
                #expect(try await client.mfa(.delete, "/totp", token: access, json: ["password": TestValues.password, "code": "000000"]).status == .badRequest)
                #expect(try await client.me(access).json?["mfa_enabled"] as? Bool == true)

                let off = try await client.mfa(.delete, "/totp", token: access, json: ["password": TestValues.password, "code": code])
                #expect(off.status == .ok)
                #expect(off.json?["message"] as? String == "TOTP turned off")
                #expect(try await client.me(access).json?["mfa_enabled"] as? Bool == false)
                // The password alone logs in again; turning off twice says it is off.
                #expect(try await client.login("dee").status == .ok)
                let twice = try await client.mfa(.delete, "/totp", token: access, json: ["password": TestValues.password, "code": code])
                #expect(twice.status == .badRequest)
                #expect(twice.detail == "TOTP is not on")
            }
        }
    }

    /// `required`: a user without TOTP logs in, but only enrolment, /auth/me and logout answer until it is on.
    @Test(arguments: TestDatabase.available)
    func aRequiredPolicyRefusesEverythingButEnrolmentUntilTOTPIsOn(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database, with: .set(\.mfaPolicy, "required")) { client, _ in
                let tokens = try await client.signUp("gus")
                let refused = try await Self.changePassword(client, tokens.accessToken)
                #expect(refused.status == .forbidden)
                #expect(refused.detail == "MFA enrolment required")
                #expect(try await client.me(tokens.accessToken).status == .ok)
                let secret = try #require(try await client.mfa(.post, "/totp/setup", token: tokens.accessToken).json?["secret"] as? String)
                let confirmed = try await client.mfa(.post, "/totp/confirm", token: tokens.accessToken, json: ["code": try Self.code(secret, at: Self.start)])
                #expect(confirmed.status == .ok)
                // Enrolled: the same token reaches the route (a wrong current password, not the policy, refuses it).
                #expect(try await Self.changePassword(client, tokens.accessToken).detail == "Incorrect password")
                #expect(try await client.logout(tokens.accessToken).status == .ok)
            }
        }
    }

    /// `required_for_superusers`: only superusers must enrol.
    @Test(arguments: TestDatabase.available)
    func aSuperuserPolicyLeavesOtherUsersAlone(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.mfaPolicy, "required_for_superusers")) { client, app in
            let plain = try await client.signUp("hal")
            #expect(try await Self.changePassword(client, plain.accessToken).detail == "Incorrect password")
            let admin = try await client.signUp("ida")
            let id = try await client.me(admin.accessToken).decode(UserResponse.self).id
            _ = try await app.repository.updateUser(id: id, isActive: nil, isSuperuser: true)
            #expect(try await Self.changePassword(client, admin.accessToken).detail == "MFA enrolment required")
            #expect(try await client.mfa(.post, "/totp/setup", token: admin.accessToken).status == .ok)
        }
    }

    /// `POST /auth/password` with a wrong current password: 403 when the policy refuses, 400 when it lets through.
    static func changePassword(_ client: any TestClientProtocol, _ token: String) async throws -> TestResponse {
        try await client.execute(
            uri: "\(TestValues.authPrefix)/password",
            method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["current_password": "Wrong#Garden42", "new_password": "Other#Garden42"]))
        )
    }

    /// The hook other plugins call before something grave (deleting an account).
    @Test(arguments: TestDatabase.available)
    func theSecondFactorHookWantsACurrentUnusedCode(database: TestDatabase) async throws {
        try await Self.at(Self.start) {
            try await withApp(on: database) { client, app in
                let (secret, _) = try await Self.enrol(client, "eve")
                let plain = try await client.signUp("fay")
                let services = ExtensionServices(settings: app.settings, repository: app.repository, logger: .init(label: "tests"))
                let eve = try #require(try await app.repository.user(username: "eve"))
                let fay = try #require(try await app.repository.user(id: try await client.me(plain.accessToken).decode(UserResponse.self).id))
                try await MFAExtension().confirmSecondFactor(fay, code: nil, services: services)
                await #expect(throws: APIError.self) { try await MFAExtension().confirmSecondFactor(eve, code: nil, services: services) }
                await #expect(throws: WrongSecondFactor.self) { try await MFAExtension().confirmSecondFactor(eve, code: "000000", services: services) }
                let code = try Self.code(secret, at: Self.start + 30)
                try await MFAExtension().confirmSecondFactor(eve, code: code, services: services)
                await #expect(throws: WrongSecondFactor.self) { try await MFAExtension().confirmSecondFactor(eve, code: code, services: services) }
            }
        }
    }

    // MARK: Helpers

    /// Runs `body` with the server's TOTP clock at `date`.
    @discardableResult
    static func at<T: Sendable>(_ date: Date, _ body: @Sendable () async throws -> T) async rethrows -> T {
        try await MFAClock.$fixedNow.withValue(date) { try await body() }
    }

    /// The code an authenticator app shows at `date` for the base32 `secret` of setup.
    static func code(_ secret: String, at date: Date) throws -> String {
        let key = try #require(Self.base32Decode(secret))
        let bytes = String(decoding: key, as: UTF8.self)
        let value = TOTP(secret: bytes).compute(date: date)
        let digits = String(value)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    static func base32Decode(_ text: String) -> [UInt8]? {
        var buffer = 0
        var bits = 0
        var bytes: [UInt8] = []
        for character in text {
            guard let index = Base32.alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | index
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return bytes
    }

    /// Registers `username` and turns TOTP on at `date`: the base32 secret and the recovery codes.
    static func enrol(_ client: any TestClientProtocol, _ username: String, at date: Date = Self.start) async throws -> (String, [String]) {
        let tokens = try await client.signUp(username)
        let secret = try #require(try await client.mfa(.post, "/totp/setup", token: tokens.accessToken).json?["secret"] as? String)
        let confirmed = try await client.mfa(.post, "/totp/confirm", token: tokens.accessToken, json: ["code": try Self.code(secret, at: date - 30)])
        #expect(confirmed.status == .ok)
        return (secret, try #require(confirmed.json?["recovery_codes"] as? [String]))
    }

    static func mfaToken(_ client: any TestClientProtocol, _ username: String) async throws -> String {
        let login = try await client.login(username)
        #expect(login.status == .unauthorized)
        return try #require(login.json?["mfa_token"] as? String)
    }

    /// Both steps of a login.
    static func verify(_ client: any TestClientProtocol, _ username: String, code: String) async throws -> TestResponse {
        try await client.mfa(.post, "/verify", json: ["mfa_token": try await Self.mfaToken(client, username), "code": code])
    }
}

extension TestClientProtocol {
    /// A request to `/auth/mfa<path>`, with a JSON body when `json` is given.
    func mfa(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: [String: String]? = nil) async throws -> TestResponse {
        try await self.send(method, "\(TestValues.authPrefix)/mfa\(path)", token: token, json: json.map { .object($0.mapValues { .string($0) }) })
    }
}
