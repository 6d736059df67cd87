import Hummingbird

/// Refuses a body larger than `maxBodySize` with 413: at once when `Content-Length` says so, otherwise when the
/// body is read (`context.maxUploadSize`).
struct BodySizeLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > self.maxBodySize {
            throw APIError.bodyTooLarge
        }
        var context = context
        context.maxBodySize = self.maxBodySize
        return try await next(request, context)
    }
}
