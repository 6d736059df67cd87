import Foundation
import Hummingbird
import JWTKit
import Logging

/// A value the extensions of one application share, such as a mail outbox: made on first use, then the same
/// instance for every route, hook and background service of that application.
protocol SharedExtensionValue: Sendable {
    init(services: ExtensionServices)
}

/// What one application lends its extensions, and the values they share. Made once per `buildApplication`, so two
/// applications in one process (as tests build them) share nothing.
final class ExtensionServices: @unchecked Sendable {
    let settings: Settings
    let repository: any AppRepository
    let logger: Logger
    /// The keys that sign and verify tokens; `signingKeys.publicKeys` are the ones a plugin may publish (JWKS).
    let signingKeys: SigningKeys
    /// The extensions that check every authenticated request (`checksAuthentication`); usually none.
    let authenticationChecks: [any ServerExtension]
    /// The extensions that authenticate credentials other than access tokens (`authenticatesCredentials`).
    let credentialChecks: [any ServerExtension]
    // Recursive: a shared value's `init` may ask for another one. Guards `values`.
    private let lock = NSRecursiveLock()
    private var values: [ObjectIdentifier: any Sendable] = [:]

    /// `signingKeys`: the application's; tests that need none get an empty set.
    init(settings: Settings, repository: any AppRepository, logger: Logger, signingKeys: SigningKeys = SigningKeys(collection: JWTKeyCollection())) {
        self.settings = settings
        self.repository = repository
        self.logger = logger
        self.signingKeys = signingKeys
        self.authenticationChecks = ServerExtensions.all.filter(\.checksAuthentication)
        self.credentialChecks = ServerExtensions.all.filter(\.authenticatesCredentials)
    }

    /// Whether some extension reads credentials that are not access tokens; if none does, nothing else is read.
    var authenticatesCredentials: Bool { !self.credentialChecks.isEmpty }

    /// This application's one `Value`, made now if nothing asked for it before.
    func shared<Value: SharedExtensionValue>(_ type: Value.Type = Value.self) -> Value {
        self.lock.lock()
        defer { self.lock.unlock() }
        if let value = self.values[ObjectIdentifier(type)] as? Value {
            return value
        }
        let value = Value(services: self)
        self.values[ObjectIdentifier(type)] = value
        return value
    }

    /// Tells every extension that `user` was just created by a registration.
    func userRegistered(_ user: User, context: AppRequestContext) async {
        for serverExtension in ServerExtensions.all {
            await serverExtension.userRegistered(user, context: context, services: self)
        }
    }

    /// Asks every extension whether `user`, whose password was right, may log in; the first refusal is thrown.
    func admitLogin(_ user: User, context: AppRequestContext) async throws {
        for serverExtension in ServerExtensions.all {
            try await serverExtension.admitLogin(user, context: context, services: self)
        }
    }

    /// Tells every extension that a login session has just been created.
    func sessionStarted(_ session: SessionStart, context: AppRequestContext) async throws {
        for serverExtension in ServerExtensions.all {
            try await serverExtension.sessionStarted(session, context: context, services: self)
        }
    }

    /// Asks the extensions that check authenticated requests whether this one may go on; the first refusal is thrown.
    func authenticated(_ identity: AuthenticatedUser, request: Request, context: AppRequestContext) async throws {
        for serverExtension in self.authenticationChecks {
            try await serverExtension.authenticated(identity, request: request, context: context, services: self)
        }
    }

    /// The identity the first extension that knows `credential` (not an access token) finds; nil if none does.
    func authenticateCredential(_ credential: String, request: Request, context: AppRequestContext) async throws -> AuthenticatedUser? {
        for serverExtension in self.credentialChecks {
            if let identity = try await serverExtension.authenticateCredential(credential, request: request, context: context, services: self) {
                return identity
            }
        }
        return nil
    }

    /// Asks every extension to confirm the second factor of the caller, who is about to delete their account; the first
    /// refusal is thrown. A wrong code counts into the lockout through `confirmation`, and the one that locks the
    /// username ends the caller's session (401).
    func confirmSecondFactor(
        of identity: AuthenticatedUser,
        code: String?,
        confirmation: PasswordConfirmation,
        context: AppRequestContext
    ) async throws {
        for serverExtension in ServerExtensions.all {
            do {
                try await serverExtension.confirmSecondFactor(identity.user, code: code, services: self)
            } catch let wrong as WrongSecondFactor {
                try await confirmation.recordFailure(of: identity, context: context)
                throw wrong.refusal
            }
        }
    }
}
