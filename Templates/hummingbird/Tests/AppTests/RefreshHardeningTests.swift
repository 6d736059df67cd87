import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@testable import App

@Suite("Refresh: session lifetime, the token's place, revoked sessions")
struct RefreshHardeningTests {
    @Test(arguments: TestDatabase.available)
    func aSessionEndsAtItsMaximumLifetimeHoweverOftenItRefreshes(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.jwt.sessionMaxLifetime, 4)) { client, _ in
            let login = try await client.signUp("sam")
            let started = try Self.claim("iat", of: login.refreshToken)
            #expect(try Self.claim("exp", of: login.refreshToken) <= started + 4)

            let refreshed = try await client.refresh(login.refreshToken)
            #expect(refreshed.status == .ok)
            let rotated = try refreshed.decode(TokenResponse.self)
            // Valid for the rest of the session only, not for a whole refresh_token_ttl again.
            #expect(try Self.claim("exp", of: rotated.refreshToken) <= started + 4)
            #expect(try Self.claim("exp", of: rotated.accessToken) <= started + 4)

            // `iat` counts whole seconds: the session began before started + 1, so it is over after started + 5,
            // however slowly the steps above ran.
            let over = Date(timeIntervalSince1970: started + 5.2)
            try await Task.sleep(for: .milliseconds(Int(max(0, over.timeIntervalSinceNow) * 1000)))
            let late = try await client.refresh(rotated.refreshToken)
            #expect(late.status == .unauthorized)
            #expect(late.detail == "Could not validate credentials")
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRefreshTokenInTheQueryStringIsRefusedUnlessTheSpecKeepsIt(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.refreshTokenInQuery, false)) { client, app in
            let tokens = try await client.signUp("tess")
            let inQuery = try await client.execute(
                uri: "\(app.prefix)/refresh?refresh_token=\(tokens.refreshToken)",
                method: .post
            )
            #expect(inQuery.status == .unprocessableContent)
            #expect(inQuery.detail == "Send the refresh token in the JSON body, not in the query string")
            // Refused before it was looked at: the same token still works from the body.
            #expect(try await client.refresh(tokens.refreshToken).status == .ok)
            #expect(try await Self.refreshParameters(client: client, prefix: app.prefix).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theOpenAPIDocumentShowsTheQueryParameterOnlyWhenTheSpecKeepsIt(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.refreshTokenInQuery, true)) { client, app in
            let parameters = try await Self.refreshParameters(client: client, prefix: app.prefix)
            #expect(parameters == ["refresh_token"])
        }
    }

    /// A logout that revoked the session while a refresh was spending its token: the refresh must not go on.
    @Test(arguments: TestDatabase.available)
    func aRefreshTokenOfARevokedSessionIsNotSpent(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let login = try await client.signUp("uma")
            let session = try Self.session(of: login.refreshToken)
            // The session is revoked, its refresh token not yet (the logout's second statement has not run).
            try await app.revokeSessionRowOnly(session)
            let before = try await app.refreshTokenCount(session: session)

            let response = try await client.refresh(login.refreshToken)
            #expect(response.status == .unauthorized)
            #expect(try await app.refreshTokenCount(session: session) == before)
        }
    }

    /// Logouts and refreshes of one session in parallel: whatever the order, nothing of the session works afterwards.
    @Test(arguments: TestDatabase.available)
    func aRefreshRacingALogoutLeavesNoWorkingToken(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            for round in 0..<5 {
                let login = try await client.signUp("race\(round)")
                async let refreshed = client.refresh(login.refreshToken)
                async let loggedOut = client.logout(login.accessToken)
                let (refresh, logout) = try await (refreshed, loggedOut)
                #expect(logout.status == .ok)
                if refresh.status == .ok {
                    let rotated = try refresh.decode(TokenResponse.self)
                    #expect(try await client.refresh(rotated.refreshToken).status == .unauthorized, "round \(round)")
                    #expect(try await client.me(rotated.accessToken).status == .unauthorized, "round \(round)")
                }
            }
        }
    }

    /// The `parameters` of `POST /auth/refresh` in `/openapi.json`, by name.
    static func refreshParameters(client: some TestClientProtocol, prefix: String) async throws -> [String] {
        let document = try await client.execute(uri: "/openapi.json", method: .get)
        let paths = try #require(document.json?["paths"] as? [String: Any])
        let refresh = try #require((paths["\(prefix)/refresh"] as? [String: Any])?["post"] as? [String: Any])
        return (refresh["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// A numeric claim of a token, read without verifying it.
    static func claim(_ name: String, of token: String) throws -> Double {
        try #require(Self.payload(of: token)[name] as? Double)
    }

    static func session(of token: String) throws -> String {
        try #require(Self.payload(of: token)["sid"] as? String)
    }

    static func payload(of token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        let data = try #require(parts.count == 3 ? Base64URL.decode(parts[1]) : nil)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

extension TestContext {
    /// Revokes the session's row only, as a logout whose second statement has not run yet leaves it.
    func revokeSessionRowOnly(_ session: String) async throws {
        if let sqlite = self.repository as? SQLiteRepository {
            _ = try await sqlite.rows(
                "UPDATE sessions SET revoked_at = ? WHERE id = ?",
                [.float(Date().timeIntervalSince1970), .text(session)]
            )
        } else {
            let postgres = try #require(self.repository as? PostgresRepository)
            try await postgres.database.query("UPDATE sessions SET revoked_at = now() WHERE id = \(session)")
        }
    }

    /// How many refresh tokens were ever stored for the session.
    func refreshTokenCount(session: String) async throws -> Int {
        if let sqlite = self.repository as? SQLiteRepository {
            let rows = try await sqlite.rows("SELECT COUNT(*) AS stored FROM refresh_tokens WHERE session_id = ?", [.text(session)])
            return try #require(rows.first).required("stored")
        }
        let postgres = try #require(self.repository as? PostgresRepository)
        let rows = try await postgres.database.query("SELECT COUNT(*) FROM refresh_tokens WHERE session_id = \(session)")
        return try #require(rows.first).decode(Int.self)
    }
}
