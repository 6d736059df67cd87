import Foundation
import Hummingbird

/// `GET /auth/sessions`, `DELETE /auth/sessions/{id}` and `POST /auth/logout-all` for any logged-in user;
/// `GET`/`DELETE /users/{id}/sessions` and `DELETE /users/{id}/sessions/{sid}` for superusers. Ending a session
/// revokes it as a logout does: its access token is refused at once, by every server process.
struct SessionsController {
    let repository: any UserRepository & SessionRepository
    let details: SessionDetails
    /// The longest a session lasts (`SESSION_MAX_LIFETIME_SECONDS`): an older one is not listed.
    let sessionMaxLifetime: Int

    /// `group`: `/auth`, for logged-in users.
    func addOwnRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("sessions", use: self.listOwn)
        group.delete("sessions/{id}", use: self.endOwn)
        group.post("logout-all", use: self.logoutAll)
    }

    /// `group`: `/users`, for superusers.
    func addAdminRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("{id}/sessions", use: self.listOfUser)
        group.delete("{id}/sessions", use: self.endAllOfUser)
        group.delete("{id}/sessions/{sid}", use: self.endOneOfUser)
    }

    @Sendable func listOwn(_ request: Request, context: AppRequestContext) async throws -> [SessionResponse] {
        let identity = try context.requireIdentity()
        return try await self.sessions(of: identity.user.id, current: identity.sessionID)
    }

    /// Another user's session, a revoked one and an unknown id all answer 404.
    @Sendable func endOwn(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        try await self.end(context.parameters.get("id"), of: identity.user.id)
        context.logger.info("Ended a session", metadata: ["user_id": "\(identity.user.id)"])
        return .noContent
    }

    @Sendable func logoutAll(_ request: Request, context: AppRequestContext) async throws -> MessageResponse {
        let identity = try context.requireIdentity()
        let keepCurrent: Bool
        if request.hasJSONBody {
            keepCurrent = try await request.decode(as: LogoutAllRequest.self, context: context).keepCurrent ?? false
        } else {
            keepCurrent = false
        }
        let now = Date()
        try await self.repository.revokeOtherSessions(userID: identity.user.id, keeping: identity.sessionID, now: now)
        if !keepCurrent {
            try await self.repository.revokeSession(identity.sessionID, now: now)
        }
        context.logger.info("Logged out everywhere", metadata: ["user_id": "\(identity.user.id)", "kept_current": "\(keepCurrent)"])
        return MessageResponse(message: keepCurrent ? "Every other session has ended" : "Every session has ended")
    }

    @Sendable func listOfUser(_ request: Request, context: AppRequestContext) async throws -> [SessionResponse] {
        let identity = try context.requireIdentity()
        let userID = try await self.existingUser(context)
        return try await self.sessions(of: userID, current: identity.sessionID)
    }

    @Sendable func endAllOfUser(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let userID = try await self.existingUser(context)
        // No session id is empty: every session of the user ends.
        try await self.repository.revokeOtherSessions(userID: userID, keeping: "", now: Date())
        context.logger.info("Ended every session of a user", metadata: ["user_id": "\(userID)"])
        return .noContent
    }

    @Sendable func endOneOfUser(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let userID = try await self.existingUser(context)
        try await self.end(context.parameters.get("sid"), of: userID)
        context.logger.info("Ended a session of a user", metadata: ["user_id": "\(userID)"])
        return .noContent
    }

    private func sessions(of userID: Int64, current: String) async throws -> [SessionResponse] {
        let now = Date()
        let startedAfter = now.addingTimeInterval(-TimeInterval(self.sessionMaxLifetime))
        return try await self.details.openSessions(userID: userID, startedAfter: startedAfter, now: now)
            .map { SessionResponse($0, currentSessionID: current) }
    }

    private func end(_ sessionID: String?, of userID: Int64) async throws {
        guard let sessionID, try await self.details.isUnrevoked(sessionID, userID: userID) else {
            throw APIError.notFound("Session")
        }
        try await self.repository.revokeSession(sessionID, now: Date())
    }

    /// The id of the user the route's `{id}` names; 404 when malformed or unknown.
    private func existingUser(_ context: AppRequestContext) async throws -> Int64 {
        guard let id = context.parameters.itemID, try await self.repository.user(id: id) != nil else {
            throw APIError.notFound("User")
        }
        return id
    }
}
