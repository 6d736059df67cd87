import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

extension TestClientProtocol {
    /// `DELETE /auth/me` with `password` (and `code`) as JSON.
    func deleteAccount(_ token: String?, password: String = TestValues.password, code: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body = ["password": password]
        body["code"] = code
        return try await self.execute(
            uri: "\(TestValues.authPrefix)/me",
            method: .delete,
            headers: headers,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        )
    }
}

/// Items of every owned resource, made through the API by the user they belong to.
struct OwnedItems: Equatable, CustomStringConvertible {
    /// Resource plural → the ids of the items, ascending.
    var ids: [String: [Int64]] = [:]

    var description: String { "\(self.ids)" }

    /// Makes `count` items of each owned resource as `username` (who is a superuser meanwhile, so that every
    /// resource's create access admits them; `app` must hold another superuser so that the demotion is allowed).
    static func make(_ count: Int, by userID: Int64, token: String, client: some TestClientProtocol, app: TestContext) async throws -> OwnedItems {
        _ = try await app.repository.updateUser(id: userID, isActive: nil, isSuperuser: true)
        var items = OwnedItems()
        for _ in 0..<count {
            let created = try await client.send(.post, "/api/posts", token: token, json: .object(JSONFixture.object(#"{"title": "Example title", "content": "Some content text.", "published": true}"#)))
            #expect(created.status == .created)
            if case .int(let id)? = created.jsonValue?["id"] { items.ids["posts", default: []].append(id) }
        }
        _ = try await app.repository.updateUser(id: userID, isActive: nil, isSuperuser: false)
        return items
    }

    /// What the repository holds of `userID`'s items now.
    static func stored(of userID: Int64, in repository: any AppRepository) async throws -> OwnedItems {
        var items = OwnedItems()
        items.ids["posts"] = try await repository.posts(authorID: userID, afterID: 0, limit: 1_000_000).map(\.id)
        return items
    }

    /// Of these items, the ones the repository still holds.
    func stillStored(in repository: any AppRepository) async throws -> OwnedItems {
        var items = OwnedItems.none
        for id in self.ids["posts", default: []] {
            if try await repository.post(id: id) != nil { items.ids["posts", default: []].append(id) }
        }
        return items
    }

    /// Of these items, the ones the repository holds with an author.
    func withAuthor(in repository: any AppRepository) async throws -> OwnedItems {
        var items = OwnedItems.none
        for id in self.ids["posts", default: []] {
            if try await repository.post(id: id)?.authorID != nil { items.ids["posts", default: []].append(id) }
        }
        return items
    }

    /// Empty lists for every owned resource: what `stored` answers for a user without items.
    static var none: OwnedItems {
        var items = OwnedItems()
        items.ids["posts"] = []
        return items
    }
}

/// A user registered and logged in for these tests.
struct AccountUser {
    let id: Int64
    let tokens: TokenResponse

    static func make(_ username: String, client: some TestClientProtocol, app: TestContext, superuser: Bool = false) async throws -> AccountUser {
        let registered = try await client.register(username)
        #expect(registered.status == .created)
        let id = try registered.decode(UserResponse.self).id
        if superuser {
            _ = try await app.repository.updateUser(id: id, isActive: nil, isSuperuser: true)
        }
        return AccountUser(id: id, tokens: try await client.signIn(username))
    }
}
