import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// `POST`/`GET /auth/api-keys`, `DELETE /auth/api-keys/{id}`, and keys used as a machine (or a thief holding one)
/// would use them: on the resource routes of their scopes, and everywhere else.
@Suite("API keys")
struct APIKeyTests {
    typealias Support = APIKeyTestSupport

    @Test(arguments: TestDatabase.available)
    func aKeyIsShownOnceAndOnlyItsDigestIsStored(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let ada = try await client.signUp("ada")
            let created = try await Support.createKey(client, token: ada.accessToken, scopes: [Support.allScopes[0]], name: " deploy bot ")
            let key = try #require(created.key)
            #expect(key.hasPrefix(APIKeySecret.prefix))
            #expect(key.count == APIKeySecret.prefix.count + 43)
            #expect(!key.contains("."))
            #expect(created.name == "deploy bot")
            #expect(created.scopes == [Support.allScopes[0]])
            #expect(created.lastUsedAt == nil)
            #expect(abs(created.expiresAt.timeIntervalSince(created.createdAt) - Double(app.settings.apiKeysMaxTtlSeconds)) < 1)

            let listed = try await client.send(.get, Support.keys, token: ada.accessToken)
            #expect(listed.status == .ok)
            #expect(listed.headers[.cacheControl] == "no-store")
            let keys = try #require(listed.jsonValue.flatMap { if case .array(let keys) = $0 { keys } else { nil } })
            #expect(keys.count == 1)
            #expect(keys.first?["key"] == nil)
            #expect(!String(buffer: listed.body).contains(key))

            let rows = try await app.repository.execute(
                ExtensionStatement(sqlite: "SELECT * FROM api_keys", postgres: "SELECT * FROM api_keys"), []
            )
            #expect(rows.count == 1)
            #expect(rows.first?["digest"]?.text == APIKeySecret.digest(key))
            for value in rows.flatMap(\.values) {
                #expect(!(value.text ?? "").contains(key.dropFirst(APIKeySecret.prefix.count)))
            }
            // Two keys never share their secret.
            let other = try await Support.createKey(client, token: ada.accessToken, scopes: [Support.allScopes[0]])
            #expect(other.key != key)
        }
    }

    /// Each action that needs a login takes a key holding its scope, sent either way, and refuses one without it.
    @Test(arguments: TestDatabase.available)
    func aKeyWorksOnlyForTheActionsOfItsScopes(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.apiKeysMaxPerUser, 1000)) { client, app in
            // A superuser may do every action: only the key's scopes limit it.
            let root = try await Support.superuser(client, app, "root")
            var checked = 0
            for resource in KeyTestResource.all {
                for action in KeyTestAction.allCases {
                    let scope = resource.scope(action)
                    let (method, uri, body) = resource.request(action, item: try await resource.createItem(client, token: root.accessToken))
                    // Public actions read no credential at all.
                    guard try await client.send(method, uri, json: body).status == .unauthorized else { continue }
                    checked += 1

                    let others = Support.allScopes.filter { $0 != scope }
                    let without = try #require(try await Support.createKey(client, token: root.accessToken, scopes: others).key)
                    for carrier in KeyCarrier.allCases {
                        let refused = try await Support.send(client, method, uri, key: without, via: carrier, json: body)
                        #expect(refused.status == .forbidden, "\(scope) via \(carrier)")
                        #expect(refused.detail == "The credential lacks the scope \(scope)")
                    }
                    if action == .delete {
                        #expect(try await client.send(.get, uri, token: root.accessToken).status == .ok)
                    }

                    let with = try #require(try await Support.createKey(client, token: root.accessToken, scopes: [scope]).key)
                    let carrier: KeyCarrier = checked.isMultiple(of: 2) ? .bearer : .header
                    let accepted = try await Support.send(client, method, uri, key: with, via: carrier, json: body)
                    #expect(accepted.status == action.success, "\(scope) via \(carrier)")
                    if action == .delete {
                        #expect(try await client.send(.get, uri, token: root.accessToken).status == .notFound)
                    }
                }
            }
            #expect(checked > 0, "the spec has an action that needs a login")
        }
    }

    /// A key acts as its user with only its scopes: its user's permission AND its scope. With every scope, a key
    /// gets exactly what its user's own login gets, refusals included.
    @Test(arguments: TestDatabase.available)
    func aKeyNeverDoesMoreThanItsUser(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.apiKeysMaxPerUser, 1000)) { client, app in
            let author = try await client.signUp("author")
            let stranger = try await client.signUp("stranger")
            let root = try await Support.superuser(client, app, "root")
            for (name, login) in [("author", author), ("stranger", stranger), ("root", root)] {
                let key = try #require(try await Support.createKey(client, token: login.accessToken, scopes: Support.allScopes).key)
                for resource in KeyTestResource.all {
                    // The author's items, or a superuser's where only superusers create them.
                    let creator = resource.anyUserCreates ? author : root
                    for action in KeyTestAction.allCases {
                        // Two items: one for the login, one for the key.
                        let (method, loginURI, body) = resource.request(action, item: try await resource.createItem(client, token: creator.accessToken))
                        let (_, keyURI, _) = resource.request(action, item: try await resource.createItem(client, token: creator.accessToken))
                        let byLogin = try await client.send(method, loginURI, token: login.accessToken, json: body)
                        let byKey = try await Support.send(client, method, keyURI, key: key, json: body)
                        #expect(byKey.status == byLogin.status, "\(name): \(resource.scope(action))")
                    }
                }
            }
        }
    }

    /// No route but a resource action's accepts a key, whatever its scopes and its user: the key routes themselves,
    /// the account, password, session and second-factor routes, the admin API.
    @Test(arguments: TestDatabase.available)
    func everyOtherRouteRefusesAKey(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let root = try await Support.superuser(client, app, "root")
            let created = try await Support.createKey(client, token: root.accessToken, scopes: Support.allScopes)
            let key = try #require(created.key)
            let me = try await client.me(root.accessToken).decode(UserResponse.self)
            let auth = TestValues.authPrefix
            let users = "\(SpecDefaults.apiPrefix)/users"
            let password: JSONValue = .string(TestValues.password)
            var routes: [(HTTPRequest.Method, String, JSONValue?)] = [
                (.get, "\(auth)/me", nil),
                (.post, "\(auth)/logout", nil),
                (.get, Support.keys, nil),
                (.post, Support.keys, ["name": "more", "scopes": .array(Support.allScopes.map { .string($0) })]),
                (.delete, "\(Support.keys)/\(created.id)", nil),
                (.get, users, nil),
                (.patch, "\(users)/\(me.id)", ["is_superuser": false]),
            ]
            routes.append((.post, "\(auth)/password", ["current_password": password, "new_password": "Other#Garden43"]))
            routes.append((.get, "\(auth)/sessions", nil))
            routes.append((.post, "\(auth)/logout-all", nil))
            routes.append((.delete, "\(users)/\(me.id)/sessions", nil))
            routes.append((.post, "\(auth)/mfa/totp/setup", nil))
            routes.append((.delete, "\(auth)/me", ["password": password]))
            routes.append((.get, "\(auth)/me/export", nil))
            routes.append((.post, "\(auth)/email", ["email": "new@example.com", "password": password]))
            // A login is optional here: a key is refused all the same, not taken for anonymous.
            routes.append((.post, "\(auth)/verify-email/resend", ["email": "root@example.com"]))
            routes.append((.post, "\(users)/invitations", ["email": "guest@example.com"]))
            for (method, uri, body) in routes {
                for carrier in KeyCarrier.allCases {
                    let response = try await Support.send(client, method, uri, key: key, via: carrier, json: body)
                    #expect(response.status == .forbidden, "\(method) \(uri) via \(carrier)")
                    #expect(response.detail == Support.refusedHere, "\(method) \(uri) via \(carrier)")
                }
            }
            // Nothing happened: the login, its password and superuser flag, and the one key are as they were.
            let after = try await client.me(root.accessToken)
            #expect(after.status == .ok)
            #expect(try after.decode(UserResponse.self).isSuperuser)
            #expect(try await client.login("root").status == .ok)
            let keys = try await client.send(.get, Support.keys, token: root.accessToken).decode([APIKeyResponse].self)
            #expect(keys.map(\.id) == [created.id])
        }
    }

    /// Deleted on one server process, a key is refused by the other at its next request: keys are looked up on every
    /// use, never cached.
    @Test(arguments: TestDatabase.available)
    func aDeletedKeyIsRefusedAtOnceByEveryReplica(database: TestDatabase) async throws {
        try await withReplicas(on: database) { first, second in
            let resource = KeyTestResource.forOneKey
            let cleo = try await Support.creator(of: resource, first.client, first.context, "cleo")
            let key = try await Support.createKey(first.client, token: cleo.accessToken, scopes: [resource.scope(.list), resource.scope(.create)])
            let secret = try #require(key.key)
            let (method, uri, body) = resource.request(.create, item: 0)
            #expect(try await Support.send(second.client, method, uri, key: secret, json: body).status == .created)

            let deleted = try await first.client.send(.delete, "\(Support.keys)/\(key.id)", token: cleo.accessToken)
            #expect(deleted.status == .noContent)
            for carrier in KeyCarrier.allCases {
                let refused = try await Support.send(second.client, method, uri, key: secret, via: carrier, json: body)
                TokenTests.expectInvalid(refused)
            }
            // The login that made it goes on.
            #expect(try await second.client.me(cleo.accessToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anExpiredKeyIsRefused(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let resource = KeyTestResource.forOneKey
            let dora = try await Support.creator(of: resource, client, app, "dora")
            let key = try await Support.createKey(client, token: dora.accessToken, scopes: [resource.scope(.create)], expiresIn: 3600)
            #expect(abs(key.expiresAt.timeIntervalSince(key.createdAt) - 3600) < 1)
            let (method, uri, body) = resource.request(.create, item: 0)
            #expect(try await Support.send(client, method, uri, key: try #require(key.key), json: body).status == .created)

            _ = try await app.repository.execute(
                ExtensionStatement(
                    sqlite: "UPDATE api_keys SET expires_at = ? WHERE id = ?",
                    postgres: "UPDATE api_keys SET expires_at = $1 WHERE id = $2"
                ),
                [.date(Date().addingTimeInterval(-1)), .integer(key.id)]
            )
            TokenTests.expectInvalid(try await Support.send(client, method, uri, key: try #require(key.key), json: body))
            // Still listed, so that its user sees it ran out.
            let keys = try await client.send(.get, Support.keys, token: dora.accessToken).decode([APIKeyResponse].self)
            #expect(keys.map(\.id) == [key.id])
        }
    }

    @Test(arguments: TestDatabase.available)
    func anInactiveUsersKeysAreRefusedAndADeletedUsersKeysAreGone(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let resource = KeyTestResource.forOneKey
            let eve = try await Support.creator(of: resource, client, app, "eve")
            let eveID = try await client.me(eve.accessToken).decode(UserResponse.self).id
            let key = try #require(try await Support.createKey(client, token: eve.accessToken, scopes: [resource.scope(.create)]).key)
            let (method, uri, body) = resource.request(.create, item: 0)

            try await app.repository.setActive(false, userID: eveID)
            let inactive = try await Support.send(client, method, uri, key: key, json: body)
            #expect(inactive.status == .forbidden)
            #expect(inactive.detail == "Inactive user")
            try await app.repository.setActive(true, userID: eveID)
            #expect(try await Support.send(client, method, uri, key: key, json: body).status == .created)

            try await app.repository.deleteUser(id: eveID)
            TokenTests.expectInvalid(try await Support.send(client, method, uri, key: key, via: .bearer, json: body))
            let rows = try await app.repository.execute(
                ExtensionStatement(sqlite: "SELECT id FROM api_keys", postgres: "SELECT id FROM api_keys"), []
            )
            #expect(rows.isEmpty)
        }
    }

    /// What is not a known key is refused as an invalid token is, however it is sent; an access token still works.
    @Test(arguments: TestDatabase.available)
    func unknownKeysAreRefusedAndAccessTokensStillWork(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let resource = KeyTestResource.forOneKey
            let fay = try await Support.creator(of: resource, client, app, "fay")
            let key = try #require(try await Support.createKey(client, token: fay.accessToken, scopes: [resource.scope(.create)]).key)
            let (method, uri, body) = resource.request(.create, item: 0)
            let forged = [
                APIKeySecret.prefix + String(repeating: "A", count: 43),
                String(key.dropLast()) + (key.hasSuffix("A") ? "B" : "A"),
                String(key.dropFirst(APIKeySecret.prefix.count)),
                "not-a-key",
            ]
            for credential in forged {
                for carrier in KeyCarrier.allCases {
                    TokenTests.expectInvalid(try await Support.send(client, method, uri, key: credential, via: carrier, json: body))
                }
            }
            // An access token sent as X-API-Key is no key.
            TokenTests.expectInvalid(try await Support.send(client, method, uri, key: fay.accessToken, via: .header, json: body))
            #expect(try await client.send(method, uri, token: fay.accessToken, json: body).status == .created)
            #expect(try await client.me(fay.accessToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aBadRequestIsRefusedWithEveryProblemAndTheValidScopes(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let gus = try await client.signUp("gus")
            let unknown = try await client.send(
                .post, Support.keys, token: gus.accessToken,
                json: ["name": "  ", "scopes": [.string(Support.allScopes[0]), "user:delete"], "expires_in": .int(Int64(app.settings.apiKeysMaxTtlSeconds + 1))]
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.issueLocations == [["body", "name"], ["body", "scopes"], ["body", "expires_in"]])
            let message = String(buffer: unknown.body)
            for scope in Support.allScopes {
                #expect(message.contains(scope))
            }
            let empty = try await client.send(.post, Support.keys, token: gus.accessToken, json: ["name": "x", "scopes": [], "expires_in": 0])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.issueLocations == [["body", "scopes"], ["body", "expires_in"]])
            let missing = try await client.send(.post, Support.keys, token: gus.accessToken, json: ["name": "x"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.issueLocations == [["body", "scopes"]])
            let notAnObject = try await client.send(.post, Support.keys, token: gus.accessToken, json: [nil, nil])
            #expect(notAnObject.status == .unprocessableContent)
            #expect(notAnObject.issueLocations == [["body"]])
            #expect(try await client.send(.post, Support.keys, token: nil, json: ["name": "x", "scopes": [.string(Support.allScopes[0])]]).status == .unauthorized)
            let keys = try await client.send(.get, Support.keys, token: gus.accessToken).decode([APIKeyResponse].self)
            #expect(keys.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aUserHoldsAtMostTheLimitOfKeys(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.apiKeysMaxPerUser, 2)) { client, _ in
            let hal = try await client.signUp("hal")
            let ivy = try await client.signUp("ivy")
            let scopes: JSONValue = [.string(Support.allScopes[0])]
            let first = try await Support.createKey(client, token: hal.accessToken, scopes: [Support.allScopes[0]])
            _ = try await Support.createKey(client, token: hal.accessToken, scopes: [Support.allScopes[0]])
            let third = try await client.send(.post, Support.keys, token: hal.accessToken, json: ["name": "third", "scopes": scopes])
            #expect(third.status == .conflict)
            #expect(third.detail == "At most 2 API keys per user; delete one first")
            // The limit is each user's.
            _ = try await Support.createKey(client, token: ivy.accessToken, scopes: [Support.allScopes[0]])

            #expect(try await client.send(.delete, "\(Support.keys)/\(first.id)", token: hal.accessToken).status == .noContent)
            _ = try await Support.createKey(client, token: hal.accessToken, scopes: [Support.allScopes[0]])
        }
    }

    /// Creations racing on two server processes never take a user past the limit: each counts what the others
    /// inserted (on PostgreSQL, counting and inserting in one statement alone let two of them through).
    @Test(arguments: TestDatabase.available)
    func racingCreationsStopAtTheLimit(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.apiKeysMaxPerUser, 3)) { first, second in
            let scopes: JSONValue = [.string(Support.allScopes[0])]
            for username in ["kai", "lea", "moe"] {
                let tokens = try await first.client.signUp(username)
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for attempt in 0..<12 {
                        let client = attempt.isMultiple(of: 2) ? first.client : second.client
                        group.addTask {
                            let body: JSONValue = ["name": .string("key \(attempt)"), "scopes": scopes]
                            return try await client.send(.post, Support.keys, token: tokens.accessToken, json: body).status
                        }
                    }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .created }.count == 3, "\(username): \(statuses.map(\.code))")
                #expect(statuses.filter { $0 == .conflict }.count == 9, "\(username): \(statuses.map(\.code))")
                let keys = try await first.client.send(.get, Support.keys, token: tokens.accessToken).decode([APIKeyResponse].self)
                #expect(keys.count == 3)
            }
        }
    }

    /// A user lists and deletes their own keys only; another user's key id answers 404, as an unknown one does.
    @Test(arguments: TestDatabase.available)
    func aUserSeesAndDeletesOnlyTheirOwnKeys(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let resource = KeyTestResource.forOneKey
            let jan = try await Support.creator(of: resource, client, app, "jan")
            let kim = try await client.signUp("kim")
            let jans = try await Support.createKey(client, token: jan.accessToken, scopes: [resource.scope(.create)])
            let kims = try await Support.createKey(client, token: kim.accessToken, scopes: [resource.scope(.create)])

            let seen = try await client.send(.get, Support.keys, token: kim.accessToken).decode([APIKeyResponse].self)
            #expect(seen.map(\.id) == [kims.id])
            for id in ["\(jans.id)", "999999", "abc"] {
                let attempt = try await client.send(.delete, "\(Support.keys)/\(id)", token: kim.accessToken)
                #expect(attempt.status == .notFound)
                #expect(attempt.detail == "API key not found")
            }
            let (method, uri, body) = resource.request(.create, item: 0)
            #expect(try await Support.send(client, method, uri, key: try #require(jans.key), json: body).status == .created)
            #expect(try await client.send(.delete, "\(Support.keys)/\(kims.id)", token: kim.accessToken).status == .noContent)
            #expect(try await client.send(.delete, "\(Support.keys)/\(kims.id)", token: kim.accessToken).status == .notFound)
        }
    }

    /// The first use writes the last-use time; the next uses within a minute on this process write nothing.
    @Test(arguments: TestDatabase.available)
    func theLastUseIsWrittenAtMostOnceAMinute(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let resource = KeyTestResource.forOneKey
            let lea = try await Support.creator(of: resource, client, app, "lea")
            let key = try await Support.createKey(client, token: lea.accessToken, scopes: [resource.scope(.create)])
            let (method, uri, body) = resource.request(.create, item: 0)
            #expect(try await Support.send(client, method, uri, key: try #require(key.key), json: body).status == .created)
            let used = try await client.send(.get, Support.keys, token: lea.accessToken).decode([APIKeyResponse].self)
            let lastUse = try #require(used.first?.lastUsedAt)
            #expect(lastUse >= key.createdAt.addingTimeInterval(-1))

            let marked = Date(timeIntervalSince1970: 1_000_000_000)
            _ = try await app.repository.execute(
                ExtensionStatement(
                    sqlite: "UPDATE api_keys SET last_used_at = ? WHERE id = ?",
                    postgres: "UPDATE api_keys SET last_used_at = $1 WHERE id = $2"
                ),
                [.date(marked), .integer(key.id)]
            )
            #expect(try await Support.send(client, method, uri, key: try #require(key.key), via: .bearer, json: body).status == .created)
            let again = try await client.send(.get, Support.keys, token: lea.accessToken).decode([APIKeyResponse].self)
            #expect(again.first?.lastUsedAt == marked)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theOpenAPIDocumentDescribesTheKeysAndWhereTheyWork(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let document = try #require(try await client.send(.get, "/openapi.json").jsonValue)
            let schemes = document["components"]?["securitySchemes"]
            #expect(schemes?["APIKeyHeader"]?["name"] == "X-API-Key")
            #expect(schemes?["APIKeyBearer"]?["scheme"] == "bearer")
            var resourceOperations = 0
            for resource in KeyTestResource.all {
                for path in [resource.path, "\(resource.path)/{id}"] {
                    guard case .object(let operations)? = document["paths"]?[path] else { continue }
                    for (_, operation) in operations {
                        guard case .array(let security)? = operation["security"] else { continue }
                        resourceOperations += 1
                        #expect(security.contains(["APIKeyHeader": []]))
                        #expect(security.contains(["APIKeyBearer": []]))
                    }
                }
            }
            #expect(resourceOperations > 0)
            guard case .array(let security)? = document["paths"]?["\(TestValues.authPrefix)/me"]?["get"]?["security"] else {
                Issue.record("GET /auth/me has no security")
                return
            }
            #expect(!security.contains(["APIKeyHeader": []]))
        }
    }
}
