import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// A resource of the spec, as the API key tests call it.
struct KeyTestResource: Sendable {
    let name: String
    let path: String
    let createBody: JSONValue
    let changeBody: JSONValue
    /// Who may create its items, as the spec says.
    let createAccess: Access

    static let all: [KeyTestResource] = [
        KeyTestResource(
            name: "post",
            path: "/api/posts",
            createBody: .object(JSONFixture.object(#"{"title": "Example title", "content": "Some content text.", "published": true}"#)),
            changeBody: .object(JSONFixture.object(#"{"title": "Changed", "content": "Changed text.", "published": false}"#)),
            createAccess: .authenticated
        ),
    ]

    /// The resource the tests of one key use: the first whose items any user may create, else the first.
    static var forOneKey: KeyTestResource {
        Self.all.first(where: \.anyUserCreates) ?? Self.all[0]
    }

    /// Whether a logged-in user without a role may create its items (else only a superuser is sure to).
    var anyUserCreates: Bool {
        self.createAccess.principals.map { $0.contains(.authenticated) } ?? true
    }

    func scope(_ action: KeyTestAction) -> String {
        "\(self.name):\(action.rawValue)"
    }

    /// Creates an item with `token`'s login and answers its id.
    func createItem(_ client: any TestClientProtocol, token: String) async throws -> Int64 {
        let response = try await client.send(.post, self.path, token: token, json: self.createBody)
        try #require(response.status == .created)
        return try #require(response.jsonValue?["id"].flatMap { if case .int(let id) = $0 { id } else { nil } })
    }

    /// The request of `action` on item `id`.
    func request(_ action: KeyTestAction, item id: Int64) -> (HTTPRequest.Method, String, JSONValue?) {
        switch action {
        case .list: (.get, self.path, nil)
        case .create: (.post, self.path, self.createBody)
        case .read: (.get, "\(self.path)/\(id)", nil)
        case .update: (.patch, "\(self.path)/\(id)", self.changeBody)
        case .delete: (.delete, "\(self.path)/\(id)", nil)
        }
    }
}

/// The five actions of a resource, named as in scopes.
enum KeyTestAction: String, CaseIterable, Sendable {
    case list, create, read, update, delete

    var success: HTTPResponse.Status {
        switch self {
        case .create: .created
        case .delete: .noContent
        default: .ok
        }
    }
}

/// How a machine sends its key.
enum KeyCarrier: CaseIterable, Sendable {
    case bearer, header
}

enum APIKeyTestSupport {
    static let keys = "\(TestValues.authPrefix)/api-keys"
    static let refusedHere = "This route does not accept a scoped credential such as an API key; log in instead"

    /// Creates a key with `token`'s login; fails the test unless it is created.
    static func createKey(
        _ client: any TestClientProtocol,
        token: String,
        scopes: [String],
        name: String = "machine",
        expiresIn: Int? = nil
    ) async throws -> APIKeyResponse {
        var body: [String: JSONValue] = ["name": .string(name), "scopes": .array(scopes.map { .string($0) })]
        if let expiresIn { body["expires_in"] = .int(Int64(expiresIn)) }
        let response = try await client.send(.post, Self.keys, token: token, json: .object(body))
        try #require(response.status == .created)
        #expect(response.headers[.cacheControl] == "no-store")
        return try response.decode(APIKeyResponse.self)
    }

    /// Sends a request with `key` as `Authorization: Bearer` or as `X-API-Key`.
    static func send(
        _ client: any TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        key: String,
        via carrier: KeyCarrier = .header,
        json: JSONValue? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        switch carrier {
        case .bearer: headers[.authorization] = "Bearer \(key)"
        case .header: headers[.apiKey] = key
        }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONEncoder().encode(json))
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body)
    }

    /// Registers `username`, makes them a superuser, and logs them in.
    static func superuser(_ client: any TestClientProtocol, _ app: TestContext, _ username: String) async throws -> TokenResponse {
        let user = try await client.register(username).decode(UserResponse.self)
        _ = try await app.repository.updateUser(id: user.id, isActive: nil, isSuperuser: true)
        return try await client.signIn(username)
    }

    /// Registers `username` and logs them in: a user who may create `resource`'s items (a superuser where only one
    /// may).
    static func creator(
        of resource: KeyTestResource,
        _ client: any TestClientProtocol,
        _ app: TestContext,
        _ username: String
    ) async throws -> TokenResponse {
        resource.anyUserCreates ? try await client.signUp(username) : try await Self.superuser(client, app, username)
    }

    static var allScopes: [String] {
        KeyTestResource.all.flatMap { resource in KeyTestAction.allCases.map(resource.scope) }
    }
}
