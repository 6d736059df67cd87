import Foundation
import Hummingbird

/// Decodes the JSON bodies that `request.decode(as:context:)` reads: a wrong content type is 415, an oversized
/// body 413 and anything unreadable 422 naming the field.
struct AppRequestDecoder: RequestDecoder {
    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        try request.requireContentType("application/json")
        let body = try await request.collectLimitedBody(context: context)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw APIError.unprocessable(Self.describe(error))
        } catch {
            throw APIError.unprocessable("Invalid JSON body")
        }
    }

    /// The field a decoding error is about, never the value it held.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "Field required: \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "Invalid body" : "Invalid value: \(field)"
        case .dataCorrupted(let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "Invalid body" : "Invalid value: \(field)"
        @unknown default:
            return "Invalid body"
        }
    }
}
