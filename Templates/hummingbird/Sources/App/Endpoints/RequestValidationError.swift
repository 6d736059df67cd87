import Foundation
import Hummingbird

/// One problem with one input, in FastAPI's shape: where (`["body", "title"]`), what, and its kind.
struct ValidationIssue: Codable, Equatable, Sendable {
    let loc: [String]
    let msg: String
    let type: String
}

/// 422 `{"detail": [issue, ...]}`, naming every bad input at once.
struct RequestValidationError: Error, HTTPResponseError {
    let issues: [ValidationIssue]

    var status: HTTPResponse.Status { .unprocessableContent }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        self.response()
    }

    func response() -> Response {
        struct Body: Encodable {
            let detail: [ValidationIssue]
        }
        let body = (try? JSONEncoder.answers().encode(Body(detail: self.issues))) ?? Data(#"{"detail":[]}"#.utf8)
        return Response(
            status: .unprocessableContent,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
