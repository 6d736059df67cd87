import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Decodes an `application/x-www-form-urlencoded` body.
    func decodeForm<T: Decodable>(as type: T.Type, context: AppRequestContext) async throws -> T {
        try self.requireContentType("application/x-www-form-urlencoded")
        let body = try await self.collectLimitedBody(context: context)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(decoding: body.readableBytesView, as: UTF8.self))
        } catch let error as DecodingError {
            throw APIError.unprocessable(AppRequestDecoder.describe(error))
        } catch {
            throw APIError.unprocessable("Invalid form body")
        }
    }

    /// The body, up to the context's `maxUploadSize`; 413 beyond it.
    func collectLimitedBody(context: some RequestContext) async throws -> ByteBuffer {
        do {
            var request = self
            return try await request.collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge
        }
    }

    var hasJSONBody: Bool {
        self.headers[.contentType].map { Self.mediaType(of: $0) == "application/json" } ?? false
    }

    /// 415 unless the body is of the `expected` media type.
    func requireContentType(_ expected: String) throws {
        guard let contentType = self.headers[.contentType], Self.mediaType(of: contentType) == expected else {
            throw APIError(status: .unsupportedMediaType, detail: "Content-Type must be \(expected)")
        }
    }

    private static func mediaType(of contentType: String) -> String {
        contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}
