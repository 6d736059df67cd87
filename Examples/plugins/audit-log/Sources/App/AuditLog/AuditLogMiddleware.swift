import Hummingbird

/// Records the outcome of every request to the login route: a token issued is a login, a 401 a failed login.
/// Only the username is read from the form; the password and the tokens are never looked at.
struct AuditLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let loginPath: String
    let log: AuditLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, request.uri.path == self.loginPath else {
            return try await next(request, context)
        }
        // Collected once here; the login handler reads the same buffer.
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let username = Self.username(in: body)
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .unauthorized {
            if let username {
                try await self.log.record(.loginFailed, username: username, clientAddress: context.clientAddress)
            }
            throw error
        }
        // The auth routes turn their errors into answers themselves (to mark them `no-store`), so a failed login
        // arrives here as a 401 answer as well as, from other routes, a thrown error.
        if let username, let event = Self.event(for: response.status) {
            try await self.log.record(event, username: username, clientAddress: context.clientAddress)
        }
        return response
    }

    private static func event(for status: HTTPResponse.Status) -> AuditLog.Event? {
        switch status {
        case .ok: .login
        case .unauthorized: .loginFailed
        default: nil
        }
    }

    private struct LoginName: Decodable {
        let username: String
    }

    /// The form's `username`; nil when the body is not a login form (the handler refuses it).
    private static func username(in body: ByteBuffer) -> String? {
        try? URLEncodedFormDecoder().decode(LoginName.self, from: String(buffer: body)).username
    }
}
