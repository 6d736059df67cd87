import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Categories: /v1/categories")
struct CategoryTests {
    static let path = "\(SpecDefaults.apiPrefix == "/" ? "" : SpecDefaults.apiPrefix)/categories"
    static let access = CategoryController.access
    static let example = JSONFixture.object(#"{"title": "Example title", "weight": 2.5}"#)
    static let changed = JSONFixture.object(#"{ "title": "Changed", "weight": -0.75 }"#)
    static let wrongTypes = JSONFixture.object(#"{ "title": 12, "weight": "much" }"#)
    static let requiredFields: [String] = ["title", "weight", ]
    static let defaults: [(String, JSONValue)] = []

    /// Stores an item written by `authorID` straight through the repository.
    static func insert(into repository: any AppRepository) async throws -> Category {
        var body = BodyReader(object: Self.example)
        let input = CategoryCreateRequest(reading: &body)
        try body.finish()
        return try await repository.createCategory(
            NewCategory(
                title: input.title,
                weight: input.weight
            )
        )
    }

    /// What each caller gets from each action, worked out from the spec by authgen (not from the server's code).
    static let expected: [Actor: ExpectedStatuses] = [
        .anonymous: ExpectedStatuses(list: .ok, create: .unauthorized, read: .ok, update: .unauthorized, delete: .unauthorized),
        .user: ExpectedStatuses(list: .ok, create: .forbidden, read: .ok, update: .forbidden, delete: .noContent),
        .owner: ExpectedStatuses(list: .ok, create: .forbidden, read: .ok, update: .forbidden, delete: .noContent),
        .otherUser: ExpectedStatuses(list: .ok, create: .forbidden, read: .ok, update: .forbidden, delete: .noContent),
        .superuser: ExpectedStatuses(list: .ok, create: .created, read: .ok, update: .ok, delete: .noContent),
    ]

    @Test("Each action for each caller: anonymous, a user, the author, another user, a superuser, each role", arguments: TestDatabase.available)
    func accessRules(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            #expect(Set(Self.expected.keys) == Set(Actor.all))
            for actor in Actor.all {
                let expected = try #require(Self.expected[actor])
                let token = actors.token(actor)
                let list = try await client.send(.get, Self.path, token: token)
                #expect(list.status == expected.list, "list as \(actor)")

                let create = try await client.send(.post, Self.path, token: token, json: .object(Self.example))
                #expect(create.status == expected.create, "create as \(actor)")

                let item = try await Self.insert(into: app.repository)
                let itemPath = "\(Self.path)/\(item.id)"
                let read = try await client.send(.get, itemPath, token: token)
                #expect(read.status == expected.read, "read as \(actor)")

                let invalidUpdate = try await client.send(.patch, itemPath, token: token, json: .object(Self.wrongTypes))
                #expect(
                    invalidUpdate.status == (expected.update == .ok ? .unprocessableContent : expected.update),
                    "invalid update as \(actor): permission is checked before the body"
                )

                let update = try await client.send(.patch, itemPath, token: token, json: .object(Self.changed))
                #expect(update.status == expected.update, "update as \(actor)")

                let delete = try await client.send(.delete, itemPath, token: token)
                #expect(delete.status == expected.delete, "delete as \(actor)")
                if delete.status == .forbidden {
                    #expect(delete.detail == "Not enough permissions")
                }
                if delete.status == .unauthorized {
                    #expect(delete.headers[.wwwAuthenticate] == "Bearer")
                }
            }
        }
    }

    /// Each action of a role whose holder gets another answer than a user without it, with that answer and the other.
    static func actionsGivenBy(_ role: Role) -> [(action: ResourceAction, holder: HTTPResponse.Status, without: HTTPResponse.Status)] {
        guard let holder = Self.expected[.holder(role)], let without = Self.expected[.otherUser] else { return [] }
        return ResourceAction.allCases.filter { holder[$0] != without[$0] }.map { ($0, holder[$0], without[$0]) }
    }

    /// Does `action` with `token`, on a fresh item of `authorID` for the actions on one item.
    static func perform(_ action: ResourceAction, token: String?, client: some TestClientProtocol, app: TestContext) async throws -> TestResponse {
        if action == .list { return try await client.send(.get, Self.path, token: token) }
        if action == .create { return try await client.send(.post, Self.path, token: token, json: .object(Self.example)) }
        let item = try await Self.insert(into: app.repository)
        let itemPath = "\(Self.path)/\(item.id)"
        switch action {
        case .read: return try await client.send(.get, itemPath, token: token)
        case .update: return try await client.send(.patch, itemPath, token: token, json: .object(Self.changed))
        default: return try await client.send(.delete, itemPath, token: token)
        }
    }

    @Test("A revoked role stops at once, also for an access token issued while the user had it", arguments: TestDatabase.available)
    func revokedRole(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let admin = actors.token(.superuser)
            for role in Role.all {
                let holder = Actor.holder(role)
                let token = actors.token(holder)
                let rolePath = "\(UsersPath.users)/\(actors.id(holder))/roles/\(role.rawValue)"
                for (action, granted, without) in Self.actionsGivenBy(role) {
                    let before = try await Self.perform(action, token: token, client: client, app: app)
                    #expect(before.status == granted, "\(action) as \(holder)")
                    #expect(try await client.send(.delete, rolePath, token: admin).status == .ok)
                    let after = try await Self.perform(action, token: token, client: client, app: app)
                    #expect(after.status == without, "\(action) as \(holder) once the role is revoked")
                    #expect(try await client.send(.put, rolePath, token: admin).status == .ok)
                    let again = try await Self.perform(action, token: token, client: client, app: app)
                    #expect(again.status == granted, "\(action) as \(holder) once the role is granted again, same token")
                }
            }
        }
    }

    @Test("A role revoked on one server process stops on the other at once (PostgreSQL)", arguments: TestDatabase.available.filter(\.isPostgres))
    func revokedRoleOnAnotherProcess(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, second in
            let actors = try await Actors.make(client: first.client, app: first.context)
            try await second.untilListening()
            for role in Role.all {
                let holder = Actor.holder(role)
                let token = try #require(actors.token(holder))
                let claims = try TokenTests.claims(of: token)
                for (action, granted, without) in Self.actionsGivenBy(role) {
                    let before = try await Self.perform(action, token: token, client: second.client, app: second.context)
                    #expect(before.status == granted, "\(action) as \(holder) on the second process")
                    _ = try await first.context.repository.revokeRole(role, userID: actors.id(holder))
                    try await second.untilDropped(userID: claims.userID, session: claims.sid)
                    let after = try await Self.perform(action, token: token, client: second.client, app: second.context)
                    #expect(after.status == without, "\(action) as \(holder) on the second process once the first revoked the role")
                    _ = try await first.context.repository.grantRole(role, userID: actors.id(holder))
                    try await second.untilDropped(userID: claims.userID, session: claims.sid)
                }
            }
        }
    }

    @Test("The OpenAPI document says who may call each action, as the table does")
    func documentedAccess() async throws {
        try await withApp(on: .sqlite) { client, _ in
            let document = try #require(try await client.execute(uri: "/openapi.json", method: .get).jsonValue)
            let item = "\(Self.path)/{id}"
            let operations: [(ResourceAction, String, String)] = [
                (.list, Self.path, "get"), (.create, Self.path, "post"), (.read, item, "get"), (.update, item, "patch"), (.delete, item, "delete"),
            ]
            let others = try #require(Self.expected[.otherUser])
            for (action, path, method) in operations {
                let operation = try #require(document["paths"]?[path]?[method], "\(method) \(path)")
                guard others[action] == .forbidden else {
                    #expect(operation["x-required-roles"] == nil, "\(action): every login may")
                    continue
                }
                let holders = Role.all.filter { Self.expected[.holder($0)]?[action] != .forbidden }.map(\.rawValue)
                var listed: [String] = []
                if case .array(let values)? = operation["x-required-roles"] {
                    for case .string(let name) in values { listed.append(name) }
                }
                #expect(Set(listed) == Set(holders + ["superuser"]), "\(action)")
                guard case .string(let description)? = operation["description"] else {
                    Issue.record("\(action): no description")
                    continue
                }
                #expect(description.hasPrefix("Allowed: ") && description.hasSuffix("superuser."), "\(action): \(description)")
                for role in holders {
                    #expect(description.contains(role), "\(action): \(description)")
                }
                #expect(description.contains("owner") == (Self.expected[.owner]?[action] != .forbidden), "\(action): \(description)")
            }
        }
    }

    @Test("Create, read, list, update and delete", arguments: TestDatabase.available)
    func lifecycle(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let admin = actors.token(.superuser)
            let created = try await client.send(.post, Self.path, token: admin, json: .object(Self.example))
            #expect(created.status == .created)
            let body = try #require(created.jsonValue)
            for (name, value) in Self.example {
                #expect(body[name] == value, "\(name)")
            }
            guard case .int(let id)? = body["id"] else {
                Issue.record("no id in \(body)")
                return
            }
            #expect(created.headers[.location] == "\(Self.path)/\(id)")
            #expect(body["created_at"] != nil && body["updated_at"] != nil)

            let read = try await client.send(.get, "\(Self.path)/\(id)", token: admin)
            #expect(read.status == .ok)
            #expect(read.jsonValue == body)

            let list = try await client.send(.get, Self.path, token: admin)
            #expect(list.status == .ok)
            #expect(list.jsonValue == .array([body]))

            let updated = try await client.send(.patch, "\(Self.path)/\(id)", token: admin, json: .object(Self.changed))
            #expect(updated.status == .ok)
            let after = try #require(updated.jsonValue)
            for (name, value) in Self.changed {
                #expect(after[name] == value, "\(name)")
            }
            #expect(after["created_at"] == body["created_at"])

            let unchanged = try await client.send(.patch, "\(Self.path)/\(id)", token: admin, json: [:])
            #expect(unchanged.status == .ok)
            for (name, value) in Self.changed {
                #expect(unchanged.jsonValue?[name] == value, "\(name)")
            }

            let deleted = try await client.send(.delete, "\(Self.path)/\(id)", token: admin)
            #expect(deleted.status == .noContent)
            let gone = try await client.send(.get, "\(Self.path)/\(id)", token: admin)
            #expect(gone.status == .notFound)
            #expect(gone.detail == "Category not found")
        }
    }

    @Test("Defaults and optional fields", arguments: TestDatabase.available)
    func defaults(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let admin = try await Actors.make(client: client, app: app).token(.superuser)
            let minimal = Self.example.filter { Self.requiredFields.contains($0.key) }
            let created = try await client.send(.post, Self.path, token: admin, json: .object(minimal))
            #expect(created.status == .created)
            for (name, value) in Self.defaults {
                #expect(created.jsonValue?[name] == value, "\(name)")
            }
        }
    }

    @Test("Invalid bodies are 422 naming each bad field", arguments: TestDatabase.available)
    func validation(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let admin = try await Actors.make(client: client, app: app).token(.superuser)
            let empty = try await client.send(.post, Self.path, token: admin, json: [:])
            if Self.requiredFields.isEmpty {
                #expect(empty.status == .created)
            } else {
                #expect(empty.status == .unprocessableContent)
                #expect(empty.issueLocations == Self.requiredFields.map { ["body", $0] })
                #expect(Set(empty.issueTypes) == ["missing"])
            }

            let wrong = try await client.send(.post, Self.path, token: admin, json: .object(Self.wrongTypes))
            #expect(wrong.status == .unprocessableContent)
            #expect(Set(wrong.issueLocations) == Set(Self.wrongTypes.keys.map { ["body", $0] }))

            let item = try await client.send(.post, Self.path, token: admin, json: .object(Self.example))
            let id = item.jsonValue.flatMap(Self.id(of:)) ?? 0
            let wrongPatch = try await client.send(.patch, "\(Self.path)/\(id)", token: admin, json: .object(Self.wrongTypes))
            #expect(wrongPatch.status == .unprocessableContent)
            #expect(Set(wrongPatch.issueLocations) == Set(Self.wrongTypes.keys.map { ["body", $0] }))

            let malformed = try await client.execute(
                uri: Self.path,
                method: .post,
                headers: [.authorization: "Bearer \(admin ?? "")", .contentType: "application/json"],
                body: ByteBuffer(string: "{\"oops\": ")
            )
            #expect(malformed.status == .unprocessableContent)
            #expect(malformed.issueTypes == ["json_invalid"])

            let notAnObject = try await client.send(.post, Self.path, token: admin, json: [1, 2])
            #expect(notAnObject.status == .unprocessableContent)

            let wrongType = try await client.execute(
                uri: Self.path,
                method: .post,
                headers: [.authorization: "Bearer \(admin ?? "")", .contentType: "text/plain"],
                body: ByteBuffer(string: "hello")
            )
            #expect(wrongType.status == .unsupportedMediaType)
        }
    }

    @Test("Pagination: limit 1...100, offset 0 or more", arguments: TestDatabase.available)
    func pagination(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let admin = actors.token(.superuser)
            var ids: [JSONValue] = []
            for _ in 0..<3 {
                let item = try await Self.insert(into: app.repository)
                ids.append(.int(item.id))
            }
            func page(_ query: String) async throws -> [JSONValue] {
                let response = try await client.send(.get, "\(Self.path)?\(query)", token: admin)
                #expect(response.status == .ok, "\(query)")
                guard case .array(let items)? = response.jsonValue else { return [] }
                return items.compactMap { $0["id"] }
            }
            #expect(try await page("") == ids)
            #expect(try await page("limit=2") == Array(ids.prefix(2)))
            #expect(try await page("limit=2&offset=2") == [ids[2]])
            #expect(try await page("limit=1") == [ids[0]])
            #expect(try await page("limit=100") == ids)
            #expect(try await page("offset=10") == [])

            for (query, parameter) in [
                ("limit=0", "limit"), ("limit=101", "limit"), ("limit=-1", "limit"), ("limit=abc", "limit"),
                ("offset=-1", "offset"), ("offset=x", "offset"), ("limit=1.5", "limit"),
            ] {
                let response = try await client.send(.get, "\(Self.path)?\(query)", token: admin)
                #expect(response.status == .unprocessableContent, "\(query)")
                #expect(response.issueLocations == [["query", parameter]], "\(query)")
            }
        }
    }

    @Test("Unknown and malformed ids are 404", arguments: TestDatabase.available)
    func notFound(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let admin = try await Actors.make(client: client, app: app).token(.superuser)
            for id in ["999999", "0", "-1", "abc", "1.5", "99999999999999999999999"] {
                let uri = "\(Self.path)/\(id)"
                for (method, body) in [(HTTPRequest.Method.get, nil), (.patch, JSONValue.object([:])), (.delete, nil)] {
                    let response = try await client.send(method, uri, token: admin, json: body)
                    #expect(response.status == .notFound, "\(method) \(uri)")
                    #expect(response.detail == "Category not found", "\(method) \(uri)")
                }
            }
        }
    }

    @Test("Answers of actions behind a login are not stored by caches", arguments: TestDatabase.available)
    func noStoreBehindALogin(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            for actor in [Actor.anonymous, .superuser] {
                let token = actors.token(actor)
                let item = try await Self.insert(into: app.repository)
                let itemPath = "\(Self.path)/\(item.id)"
                let answers: [(String, Access, TestResponse)] = [
                    ("list", Self.access.list, try await client.send(.get, Self.path, token: token)),
                    ("create", Self.access.create, try await client.send(.post, Self.path, token: token, json: .object(Self.example))),
                    ("read", Self.access.read, try await client.send(.get, itemPath, token: token)),
                    ("update", Self.access.update, try await client.send(.patch, itemPath, token: token, json: .object(Self.changed))),
                    ("delete", Self.access.delete, try await client.send(.delete, itemPath, token: token)),
                ]
                for (action, access, answer) in answers where access.needsLogin {
                    #expect(answer.headers[.cacheControl] == "no-store", "\(action) as \(actor): \(answer.status)")
                }
            }
        }
    }

    static func id(of item: JSONValue) -> Int64? {
        if case .int(let id)? = item["id"] { return id }
        return nil
    }
}
