import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("JSON answers: the same answer is the same bytes")
struct JSONAnswerTests {
    @Test(arguments: TestDatabase.available)
    func theSameAnswerIsTheSameBytesWithItsKeysSorted(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let tokens = try await client.signUp("vera")
            var bodies: Set<String> = []
            for _ in 0..<20 {
                let me = try await client.me(tokens.accessToken)
                #expect(me.status == .ok)
                bodies.insert(String(buffer: me.body))
            }
            #expect(bodies.count == 1)
            let user = bodies.first ?? ""
            let userKeys = Self.keysInOrder(of: user)
            #expect(userKeys.count >= 7)
            #expect(userKeys == userKeys.sorted())

            let login = try await client.login("vera")
            let tokenKeys = Self.keysInOrder(of: String(buffer: login.body))
            #expect(tokenKeys == ["access_token", "expires_in", "refresh_token", "token_type"])

            // A validation error's issues, as a superuser sees them from /users.
            let vera = try UserResponse.decode(from: user)
            _ = try await app.repository.updateUser(id: vera.id, isActive: nil, isSuperuser: true)
            let invalid = try await client.execute(
                uri: "\(SpecDefaults.apiPrefix == "/" ? "" : SpecDefaults.apiPrefix)/users?limit=0",
                method: .get,
                headers: [.authorization: "Bearer \(tokens.accessToken)"]
            )
            #expect(invalid.status == .unprocessableContent)
            let issue = (invalid.json?["detail"] as? [[String: Any]])?.first ?? [:]
            let issueKeys = Self.keysInOrder(of: String(buffer: invalid.body), among: Array(issue.keys))
            #expect(issueKeys.count >= 3)
            #expect(issueKeys == issueKeys.sorted())
        }
    }

    /// A refusal may carry more members than `detail` (a plugin tells the client how to go on), in the same sorted,
    /// JSON body; `detail` stays the error's own.
    @Test func anErrorWithFieldsAnswersThemBesideItsDetail() async throws {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.post("refuse") { _, _ -> String in
            throw APIError(
                status: .unauthorized, detail: "Step required", headers: [.wwwAuthenticate: "Bearer"],
                fields: ["next_token": "abc/def", "detail": "not this one"]
            )
        }
        try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/refuse", method: .post)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(String(buffer: response.body) == "{\"detail\":\"Step required\",\"next_token\":\"abc/def\"}")
        }
    }

    /// The keys of the top-level object (or the keys given) in the order the text has them.
    static func keysInOrder(of json: String, among keys: [String]? = nil) -> [String] {
        let names = keys ?? (((try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]).map { Array($0.keys) } ?? [])
        return names.compactMap { name in json.range(of: "\"\(name)\":").map { (name, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }
            .map(\.0)
    }
}

extension UserResponse {
    static func decode(from json: String) throws -> UserResponse {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(UserResponse.self, from: Data(json.utf8))
    }
}
