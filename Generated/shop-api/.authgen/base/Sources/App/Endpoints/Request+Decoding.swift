import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// Decodes a JSON body; a wrong content type is 415, an oversized body 413 and anything unreadable 422.
    func decodeJSON<T: Decodable>(as type: T.Type, context: AppRequestContext) async throws -> T {
        try self.requireContentType("application/json")
        let body = try await self.collectLimitedBody(context: context)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw APIError.unprocessable(Self.describe(error))
        } catch {
            throw APIError.unprocessable("Invalid JSON body")
        }
    }

    /// Decodes an `application/x-www-form-urlencoded` body.
    func decodeForm<T: Decodable>(as type: T.Type, context: AppRequestContext) async throws -> T {
        try self.requireContentType("application/x-www-form-urlencoded")
        let body = try await self.collectLimitedBody(context: context)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(decoding: body.readableBytesView, as: UTF8.self))
        } catch let error as DecodingError {
            throw APIError.unprocessable(Self.describe(error))
        } catch {
            throw APIError.unprocessable("Invalid form body")
        }
    }

    func collectLimitedBody(context: AppRequestContext) async throws -> ByteBuffer {
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

    private func requireContentType(_ expected: String) throws {
        guard let contentType = self.headers[.contentType], Self.mediaType(of: contentType) == expected else {
            throw APIError(status: .unsupportedMediaType, detail: "Content-Type must be \(expected)")
        }
    }

    private static func mediaType(of contentType: String) -> String {
        contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    private static func describe(_ error: DecodingError) -> String {
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
