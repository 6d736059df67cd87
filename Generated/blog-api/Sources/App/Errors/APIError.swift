import Foundation
import Hummingbird

/// An error answered as `{"detail": ...}`, the body every error of this API has.
struct APIError: Error, HTTPResponseError {
    let status: HTTPResponse.Status
    let detail: String
    var headers: HTTPFields = [:]
    /// More members of the body beside `detail`, for a refusal that tells the client how to go on (e.g. a plugin's
    /// `{"detail": "MFA required", "mfa_token": "…"}`). `detail` cannot be overridden.
    var fields: [String: String] = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Self.response(status: self.status, detail: self.detail, headers: self.headers, fields: self.fields)
    }

    static func response(status: HTTPResponse.Status, detail: String, headers: HTTPFields = [:], fields: [String: String] = [:]) -> Response {
        let members = fields.merging(["detail": detail]) { _, detail in detail }
        let body = (try? JSONEncoder.answers().encode(members)) ?? Data(#"{"detail":"Error"}"#.utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension APIError {
    static let incorrectCredentials = APIError(
        status: .unauthorized,
        detail: "Incorrect username or password",
        headers: [.wwwAuthenticate: "Bearer"]
    )
    static let notAuthenticated = APIError(
        status: .unauthorized,
        detail: "Not authenticated",
        headers: [.wwwAuthenticate: "Bearer"]
    )
    static let invalidToken = APIError(
        status: .unauthorized,
        detail: "Could not validate credentials",
        headers: [.wwwAuthenticate: #"Bearer error="invalid_token""#]
    )
    static let invalidRefreshToken = APIError(
        status: .unauthorized,
        detail: "Could not validate credentials",
        headers: [.wwwAuthenticate: "Bearer"]
    )
    static let inactiveUser = APIError(status: .forbidden, detail: "Inactive user")
    static let notEnoughPermissions = APIError(status: .forbidden, detail: "Not enough permissions")
    /// A scoped credential (an API key) sent to a route that is no resource action's: log in instead.
    static let scopedCredentialNotAccepted = APIError(
        status: .forbidden,
        detail: "This route does not accept a scoped credential such as an API key; log in instead"
    )
    static let usernameTaken = APIError(status: .badRequest, detail: "Username already registered")
    static let emailTaken = APIError(status: .badRequest, detail: "Email already registered")

    static let bodyTooLarge = APIError(status: .contentTooLarge, detail: "Request body too large")
    static let incorrectPassword = APIError(status: .badRequest, detail: "Incorrect password")

    static func lockedOut(retryAfter seconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests,
            detail: "Too many failed login attempts, try again later",
            headers: [.retryAfter: String(seconds)]
        )
    }

    static func tooManyRequests(retryAfter seconds: Int) -> APIError {
        APIError(status: .tooManyRequests, detail: "Too many requests", headers: [.retryAfter: String(seconds)])
    }

    static func missingScope(_ scope: String) -> APIError {
        APIError(status: .forbidden, detail: "The credential lacks the scope \(scope)")
    }

    static func notFound(_ what: String) -> APIError {
        APIError(status: .notFound, detail: "\(what) not found")
    }

    static func unprocessable(_ detail: String) -> APIError {
        APIError(status: .unprocessableContent, detail: detail)
    }
}
