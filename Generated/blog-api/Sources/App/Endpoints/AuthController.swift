import Foundation
import Hummingbird
import Logging

struct AuthController {
    let repository: any UserRepository & SessionRepository
    let tokens: TokenService
    let hasher: any PasswordChecking
    let passwordPolicy: PasswordPolicy
    let registrationOpen: Bool
    let loginLimit: RateLimitPolicy
    let registerLimit: RateLimitPolicy
    let refreshLimit: RateLimitPolicy
    let lockout: LoginLockout
    /// Creates the session of each login.
    let sessions: SessionStarter
    /// `auth.compat.refresh_token_in_query`: also read the refresh token from the query string, as the FastAPI guide.
    let refreshTokenInQuery: Bool
    /// The plugins' account hooks (`userRegistered`, `admitLogin`) and request checks (`authenticated`).
    let extensions: ExtensionServices

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        // Every answer here carries tokens or user data.
        let group = group.group().add(middleware: NoStoreMiddleware())
        group.group("register")
            .add(middleware: RateLimitMiddleware(policy: self.registerLimit))
            .post(use: self.register)
        group.group("token")
            .add(middleware: RateLimitMiddleware(policy: self.loginLimit))
            .post(use: self.token)
        group.group("refresh")
            .add(middleware: RateLimitMiddleware(policy: self.refreshLimit))
            .post(use: self.refresh)
        group.group()
            .add(middleware: JWTAuthenticator(tokens: self.tokens, repository: self.repository, extensions: self.extensions))
            .add(middleware: RequireAuthenticationMiddleware())
            .get("me", use: self.me)
            .post("logout", use: self.logout)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<UserResponse> {
        if !self.registrationOpen {
            try await self.requireSuperuser(request)
        }
        let input = try await request.decode(as: RegisterRequest.self, context: context)
        try await self.registerLimit.check(username: Username.normalized(input.username))
        if let problem = RegistrationRules.violation(in: input, policy: self.passwordPolicy) {
            throw APIError.unprocessable(problem)
        }
        if try await self.repository.user(username: input.username) != nil {
            throw APIError.usernameTaken
        }
        let newUser = NewUser(
            email: input.email.lowercased(),
            username: input.username,
            fullName: input.fullName,
            passwordHash: try await self.hasher.hash(input.password)
        )
        do {
            let user = try await self.repository.createUser(newUser)
            context.logger.info("Registered user", metadata: ["user_id": "\(user.id)"])
            await self.extensions.userRegistered(user, context: context)
            return EditedResponse(status: .created, response: UserResponse(user))
        } catch RepositoryError.duplicateUsername {
            throw APIError.usernameTaken
        } catch RepositoryError.duplicateEmail {
            throw APIError.emailTaken
        }
    }

    @Sendable func token(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TokenResponse> {
        let form = try await request.decodeForm(as: TokenRequest.self, context: context)
        if let grantType = form.grantType, grantType != "password" {
            throw APIError.unprocessable("grant_type must be 'password'")
        }
        // Every spelling of a username counts as one: `Alice` and `ALICE` share the limits and the lockout of `alice`.
        let username = Username.normalized(form.username)
        let address = context.clientAddress
        try await self.loginLimit.check(username: username, address: address)
        // A username locked for this address is refused before its password is looked at, even the right one.
        try await self.lockout.check(username: username, address: address)
        try await self.lockout.slowDown(username: username)
        // An unknown user costs one bcrypt verification too, and both answers are the same.
        guard let user = try await self.repository.user(username: username) else {
            try await self.hasher.verifyDummy(form.password)
            try await self.lockout.recordFailure(username: username, address: address)
            throw APIError.incorrectCredentials
        }
        // A password the policy could never have stored (too long, or with a NUL) fails like a wrong one.
        guard try await self.hasher.verify(form.password, against: user.passwordHash),
            self.passwordPolicy.admitsLogin(form.password)
        else {
            try await self.lockout.recordFailure(username: username, address: address)
            throw APIError.incorrectCredentials
        }
        // Only someone who knows the password learns that the account is inactive.
        guard user.isActive else { throw APIError.inactiveUser }
        // A login a plugin holds back (a second factor to come) is no success yet: the failures of that step count
        // with the password's, and a correct password does not clear them.
        try await self.extensions.admitLogin(user, context: context)
        try await self.lockout.recordSuccess(username: username, address: address)
        let issued = try await self.sessions.start(for: user, methods: TokenService.passwordOnly, request: request, context: context)
        context.logger.info("Logged in", metadata: ["user_id": "\(user.id)"])
        return Self.noStore(TokenResponse(issued))
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TokenResponse> {
        let presented: String
        if let fromQuery = request.uri.queryParameters.get("refresh_token") {
            // Query strings end up in access and proxy logs; only clients of the FastAPI guide need this.
            guard self.refreshTokenInQuery else {
                throw APIError.unprocessable("Send the refresh token in the JSON body, not in the query string")
            }
            presented = fromQuery
        } else if request.hasJSONBody {
            presented = try await request.decode(as: RefreshRequest.self, context: context).refreshToken
        } else {
            throw APIError.unprocessable("Field required: refresh_token")
        }
        guard let claims = try? await self.tokens.verify(presented, as: .refresh) else {
            throw APIError.invalidRefreshToken
        }
        try await self.refreshLimit.check(session: claims.sid)
        let now = Date()
        let stored: StoredRefreshToken
        let sessionStartedAt: Date
        let oldestSessionStart = now.addingTimeInterval(-TimeInterval(self.tokens.settings.sessionMaxLifetime))
        switch try await self.repository.consumeRefreshToken(
            digest: RefreshTokenDigest.of(presented),
            now: now,
            sessionsStartedAfter: oldestSessionStart
        ) {
        case .valid(let token, let startedAt):
            stored = token
            sessionStartedAt = startedAt
        case .reused:
            // A spent token came back: whoever holds the newer one may be an attacker, so the whole login ends.
            context.logger.warning("Refresh token reused; session revoked", metadata: ["user_id": "\(claims.userID)"])
            throw APIError.invalidRefreshToken
        case .unknown:
            throw APIError.invalidRefreshToken
        }
        guard stored.userID == claims.userID, stored.sessionID == claims.sid,
            let user = try await self.repository.user(id: claims.userID),
            user.username == claims.sub.value,
            user.isActive
        else {
            throw APIError.invalidRefreshToken
        }
        let issued = try await self.tokens.issue(
            for: user, session: stored.sessionID, methods: claims.amr ?? TokenService.passwordOnly,
            sessionStartedAt: sessionStartedAt, now: now
        )
        try await self.sessions.store(issued)
        return Self.noStore(TokenResponse(issued))
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> UserResponse {
        UserResponse(try context.requireIdentity().user)
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let identity = try context.requireIdentity()
        try await self.repository.revokeSession(identity.sessionID, now: Date())
        context.logger.info("Logged out", metadata: ["user_id": "\(identity.user.id)"])
        return MessageResponse(message: "Successfully logged out")
    }

    /// With closed registration only a superuser creates accounts.
    private func requireSuperuser(_ request: Request) async throws {
        guard let bearer = request.headers.bearer else {
            throw APIError(status: .forbidden, detail: "Registration is closed")
        }
        guard let claims = try? await self.tokens.verify(bearer.token, as: .access),
            try await self.repository.isSessionActive(claims.sid, userID: claims.userID),
            let user = try await self.repository.user(id: claims.userID)
        else {
            throw APIError.invalidToken
        }
        guard user.isActive else { throw APIError.inactiveUser }
        guard user.isSuperuser else { throw APIError.notEnoughPermissions }
    }

    private static func noStore<T: ResponseGenerator>(_ response: T) -> EditedResponse<T> {
        EditedResponse(headers: [.cacheControl: "no-store"], response: response)
    }
}
