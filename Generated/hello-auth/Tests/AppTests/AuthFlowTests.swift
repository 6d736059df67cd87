import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Register, log in, read the current user")
struct AuthFlowTests {
    @Test(arguments: TestDatabase.available)
    func registerLoginMe(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let registered = try await client.register("alice", email: "Alice@Example.com")
            #expect(registered.status == .created)
            let body = try #require(registered.json)
            // With the columns plugins add to users (`user_fields`).
            #expect(Set(body.keys) == ["id", "email", "username", "full_name", "is_active", "is_superuser", "created_at", "roles"])
            #expect(body["roles"] as? [String] == [])
            #expect(body["username"] as? String == "alice")
            #expect(body["email"] as? String == "alice@example.com")
            #expect(body["is_active"] as? Bool == true)
            #expect(body["is_superuser"] as? Bool == false)
            #expect(body["full_name"] is NSNull)

            let login = try await client.login("alice")
            #expect(login.status == .ok)
            #expect(login.headers[.cacheControl] == "no-store")
            let tokens = try login.decode(TokenResponse.self)
            #expect(tokens.tokenType == "bearer")
            #expect(tokens.expiresIn == app.settings.jwt.accessTokenTTL)
            #expect(!tokens.refreshToken.isEmpty)

            let me = try await client.me(tokens.accessToken)
            #expect(me.status == .ok)
            let user = try me.decode(UserResponse.self)
            #expect(user.username == "alice")
            #expect(user.email == "alice@example.com")
        }
    }

    @Test(arguments: TestDatabase.available)
    func unknownFieldsAreIgnored(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let body =
                #"{"username":"mallory","email":"m@example.com","password":"Sunny#Garden42","is_superuser":true,"is_active":false,"full_name":"M"}"#
            let response = try await client.execute(
                uri: "\(app.prefix)/register",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: body)
            )
            #expect(response.status == .created)
            let user = try response.decode(UserResponse.self)
            #expect(user.isSuperuser == false)
            #expect(user.isActive == true)
            #expect(user.fullName == "M")
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongPasswordIsRefused(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            try await client.register("bob")
            let response = try await client.login("bob", password: "Wrong#Garden42")
            #expect(response.status == .unauthorized)
            #expect(response.detail == "Incorrect username or password")
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test(arguments: TestDatabase.available)
    func unknownUserAnswersLikeWrongPassword(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let response = try await client.login("nobody")
            #expect(response.status == .unauthorized)
            #expect(response.detail == "Incorrect username or password")
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test(arguments: TestDatabase.available)
    func meWithoutTokenIsUnauthorized(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let response = try await client.execute(uri: "\(app.prefix)/me", method: .get)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "Bearer")
            #expect(response.detail == "Not authenticated")

            let basic = try await client.execute(
                uri: "\(app.prefix)/me",
                method: .get,
                headers: [.authorization: "Basic YWxpY2U6c2VjcmV0"]
            )
            #expect(basic.status == .unauthorized)
            #expect(basic.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test(arguments: TestDatabase.available)
    func grantTypeMustBePassword(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            try await client.register("carol")
            let response = try await client.execute(
                uri: "\(app.prefix)/token",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "grant_type=client_credentials&username=carol&password=Sunny%23Garden42")
            )
            #expect(response.status == .unprocessableContent)
            let accepted = try await client.execute(
                uri: "\(app.prefix)/token",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "grant_type=password&username=carol&password=Sunny%23Garden42&scope=")
            )
            #expect(accepted.status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func healthAndReadiness(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            let ready = try await client.execute(uri: "/ready", method: .get)
            #expect(ready.status == .ok)
            let missing = try await client.execute(uri: "/no-such-route", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.detail == "Not Found")
        }
    }
}
