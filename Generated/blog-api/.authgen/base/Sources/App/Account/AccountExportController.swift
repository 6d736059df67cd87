import Foundation
import Hummingbird

/// `GET /auth/me/export`: the caller's profile and every resource they own, as one JSON document
/// `{"resources": {"<plural>": [...], ...}, "user": {...}}`, streamed a page at a time so that a user who owns
/// much is never held in memory whole.
struct AccountExportController {
    /// Rows read per query while streaming.
    static let pageSize = 100

    let repository: any AppRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("me/export", use: self.export)
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity().user
        let repository = self.repository
        context.logger.info("Exported account", metadata: ["user_id": "\(user.id)"])
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: "attachment; filename=\"account-\(user.id).json\"",
            ],
            body: ResponseBody { writer in
                var document = AccountExportWriter(writer: writer)
                try await document.begin()
                try await document.list("posts") { afterID in
                    try await repository.posts(authorID: user.id, afterID: afterID, limit: Self.pageSize)
                        .map { ($0.id, PostResponse($0)) }
                }
                try await document.end(user: UserResponse(user))
            }
        )
    }
}

/// Writes the export document piece by piece: `begin`, a `list` per resource, `end` (keys in sorted order, as in
/// every other answer).
struct AccountExportWriter {
    private var writer: any ResponseBodyWriter
    private let encoder = JSONEncoder.answers()
    private var lists = 0

    init(writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    mutating func begin() async throws {
        try await self.write(#"{"resources":{"#)
    }

    /// One resource's items, by id: `page(afterID)` answers the next page (id, item), empty at the end.
    mutating func list<Value: Encodable>(_ name: String, page: (Int64) async throws -> [(Int64, Value)]) async throws {
        try await self.write((self.lists == 0 ? "" : ",") + "\"\(name)\":[")
        self.lists += 1
        var afterID: Int64 = 0
        var first = true
        while true {
            let items = try await page(afterID)
            guard let last = items.last else { break }
            var chunk = ByteBuffer()
            for (_, item) in items {
                if !first { chunk.writeString(",") }
                first = false
                chunk.writeBytes(try self.encoder.encode(item))
            }
            try await self.writer.write(chunk)
            afterID = last.0
        }
        try await self.write("]")
    }

    mutating func end(user: UserResponse) async throws {
        var chunk = ByteBuffer(string: #"},"user":"#)
        chunk.writeBytes(try self.encoder.encode(user))
        chunk.writeString("}")
        try await self.writer.write(chunk)
        try await self.writer.finish(nil)
    }

    private mutating func write(_ text: String) async throws {
        try await self.writer.write(ByteBuffer(string: text))
    }
}
