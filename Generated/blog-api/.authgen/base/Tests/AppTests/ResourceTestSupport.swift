import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// Who calls a route in the access tests.
enum Actor: String, CaseIterable, Sendable {
    case anonymous
    /// A logged-in user acting on a collection.
    case user
    /// The author of the item.
    case owner
    /// A logged-in user who is not the author.
    case otherUser
    case superuser
}

extension Access {
    /// The status `actor` gets from an action with this access, given the status of success.
    func expectedStatus(for actor: Actor, success: HTTPResponse.Status) -> HTTPResponse.Status {
        guard let principals = self.principals else { return success }
        if actor == .anonymous { return .unauthorized }
        if actor == .superuser || principals.contains(.authenticated) { return success }
        if actor == .owner, principals.contains(.owner) { return success }
        return .forbidden
    }
}

/// Logged-in users for the access tests: a normal user, the author of the items, another user and a superuser.
struct Actors: Sendable {
    let tokens: [Actor: String]
    let ids: [Actor: Int64]

    static func make(client: some TestClientProtocol, app: TestContext) async throws -> Actors {
        var tokens: [Actor: String] = [:]
        var ids: [Actor: Int64] = [:]
        for actor in [Actor.user, .owner, .otherUser, .superuser] {
            let username = "actor_\(actor.rawValue.lowercased())"
            let registered = try await client.register(username)
            let user = try registered.decode(UserResponse.self)
            if actor == .superuser {
                _ = try await app.repository.updateUser(id: user.id, isActive: nil, isSuperuser: true)
            }
            tokens[actor] = try await client.signIn(username).accessToken
            ids[actor] = user.id
        }
        return Actors(tokens: tokens, ids: ids)
    }

    func token(_ actor: Actor) -> String? {
        self.tokens[actor]
    }

    func id(_ actor: Actor) -> Int64 {
        self.ids[actor] ?? 0
    }
}

extension TestClientProtocol {
    func signIn(_ username: String) async throws -> TokenResponse {
        let login = try await self.login(username)
        #expect(login.status == .ok)
        return try login.decode(TokenResponse.self)
    }

    /// Sends a request with an optional bearer token and an optional JSON body.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: JSONValue? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONEncoder().encode(json))
        }
        return try await self.execute(uri: uri, method: method, headers: headers, body: body)
    }
}

extension TestResponse {
    var jsonValue: JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: self.body))
    }

    /// The `loc` of each issue of a 422.
    var issueLocations: [[String]] {
        guard let issues = try? self.decode([String: [ValidationIssue]].self)["detail"] else { return [] }
        return issues.map(\.loc)
    }

    var issueTypes: [String] {
        guard let issues = try? self.decode([String: [ValidationIssue]].self)["detail"] else { return [] }
        return issues.map(\.type)
    }
}

enum JSONFixture {
    static func object(_ text: String) -> [String: JSONValue] {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return [:] }
        return object
    }
}
