import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// Who calls a route in the access tests.
enum Actor: Hashable, Sendable, CustomStringConvertible {
    case anonymous
    /// A logged-in user acting on a collection.
    case user
    /// The author of the item.
    case owner
    /// A logged-in user who is not the author.
    case otherUser
    case superuser
    /// A logged-in user, not the author, holding the role.
    case holder(Role)

    static let all: [Actor] = [.anonymous, .user, .owner, .otherUser, .superuser] + Role.all.map(Actor.holder)

    var description: String {
        switch self {
        case .anonymous: "anonymous"
        case .user: "user"
        case .owner: "owner"
        case .otherUser: "otherUser"
        case .superuser: "superuser"
        case .holder(let role): "holder of \(role.rawValue)"
        }
    }

    var username: String {
        switch self {
        case .holder(let role): "holder_\(role.rawValue)"
        default: "actor_\(self.description.lowercased())"
        }
    }
}

enum UsersPath {
    static let users = "\(SpecDefaults.apiPrefix == "/" ? "" : SpecDefaults.apiPrefix)/users"
}

/// The five actions of a resource.
enum ResourceAction: String, CaseIterable, Sendable {
    case list, create, read, update, delete
}

/// The status of each action for one caller.
struct ExpectedStatuses: Sendable {
    let list: HTTPResponse.Status
    let create: HTTPResponse.Status
    let read: HTTPResponse.Status
    let update: HTTPResponse.Status
    let delete: HTTPResponse.Status

    subscript(action: ResourceAction) -> HTTPResponse.Status {
        switch action {
        case .list: self.list
        case .create: self.create
        case .read: self.read
        case .update: self.update
        case .delete: self.delete
        }
    }
}

/// Logged-in users for the access tests: a normal user, the author of the items, another user, a superuser and a
/// holder of each role.
struct Actors: Sendable {
    let tokens: [Actor: String]
    let ids: [Actor: Int64]

    static func make(client: some TestClientProtocol, app: TestContext) async throws -> Actors {
        var tokens: [Actor: String] = [:]
        var ids: [Actor: Int64] = [:]
        for actor in Actor.all where actor != .anonymous {
            let registered = try await client.register(actor.username)
            let user = try registered.decode(UserResponse.self)
            switch actor {
            case .superuser:
                _ = try await app.repository.updateUser(id: user.id, isActive: nil, isSuperuser: true)
            case .holder(let role):
                _ = try await app.repository.grantRole(role, userID: user.id)
            default:
                break
            }
            tokens[actor] = try await client.signIn(actor.username).accessToken
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
