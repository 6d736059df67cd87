import Hummingbird
import Logging

/// Turns every error into a `{"detail": ...}` response. Anything unexpected becomes a 500 whose
/// cause is logged by type only, since error descriptions can carry request data.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as RequestValidationError {
            return error.response()
        } catch let error as APIError {
            return APIError.response(status: error.status, detail: error.detail, headers: error.headers, fields: error.fields)
        } catch let error as HTTPError {
            return APIError.response(
                status: error.status,
                detail: error.body ?? error.status.reasonPhrase,
                headers: error.headers
            )
        } catch let error as any HTTPResponseError {
            return APIError.response(status: error.status, detail: error.status.reasonPhrase)
        } catch where error.isForeignKeyViolation {
            // The user behind the request's token was deleted meanwhile: the token no longer stands for anyone.
            let refusal = APIError.invalidToken
            return APIError.response(status: refusal.status, detail: refusal.detail, headers: refusal.headers)
        } catch {
            context.logger.error("Unhandled error", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            return APIError.response(status: .internalServerError, detail: "Internal Server Error")
        }
    }
}
