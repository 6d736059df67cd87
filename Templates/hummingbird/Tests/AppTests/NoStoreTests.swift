import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Cache-Control: no-store on every answer that carries user data")
struct NoStoreTests {
    @Test(arguments: TestDatabase.available)
    func authenticationAndUserAnswersAreNotStored(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let registered = try await client.register("wendy")
            let wendy = try registered.decode(UserResponse.self)
            _ = try await app.repository.updateUser(id: wendy.id, isActive: nil, isSuperuser: true)
            let tokens = try await client.signUp("xavier")
            let admin = try await client.login("wendy").decode(TokenResponse.self)
            let bearer: (String) -> HTTPFields = { [.authorization: "Bearer \($0)"] }
            let json: HTTPFields = [.contentType: "application/json"]

            let answers: [(String, TestResponse)] = [
                ("register", registered),
                ("register, invalid", try await client.execute(uri: "\(app.prefix)/register", method: .post, headers: json, body: ByteBuffer(string: "{}"))),
                ("login", try await client.login("xavier")),
                ("login, wrong password", try await client.login("xavier", password: "Wrong#Password1")),
                ("refresh", try await client.refresh(tokens.refreshToken)),
                ("refresh, spent token", try await client.refresh(tokens.refreshToken)),
                ("me", try await client.me(admin.accessToken)),
                ("me, no token", try await client.execute(uri: "\(app.prefix)/me", method: .get)),
                (
                    "password, wrong current",
                    try await client.execute(
                        uri: "\(app.prefix)/password",
                        method: .post,
                        headers: json.merging(bearer(admin.accessToken)),
                        body: ByteBuffer(string: #"{"current_password": "Wrong#Password1", "new_password": "Other#Garden42"}"#)
                    )
                ),
                ("users", try await client.execute(uri: "\(SpecDefaults.apiPrefixPath)/users", method: .get, headers: bearer(admin.accessToken))),
                ("users, not a superuser", try await client.execute(uri: "\(SpecDefaults.apiPrefixPath)/users", method: .get, headers: bearer(tokens.accessToken))),
                (
                    "update user",
                    try await client.execute(
                        uri: "\(SpecDefaults.apiPrefixPath)/users/\(wendy.id)",
                        method: .patch,
                        headers: json.merging(bearer(admin.accessToken)),
                        body: ByteBuffer(string: #"{"is_active": true}"#)
                    )
                ),
                ("logout", try await client.logout(admin.accessToken)),
            ]
            for (name, answer) in answers {
                #expect(answer.headers[.cacheControl] == "no-store", "\(name): \(answer.status)")
            }
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        merged.append(contentsOf: other)
        return merged
    }
}

extension SpecDefaults {
    /// The API prefix as routes start with it: "" for "/".
    static var apiPrefixPath: String { Self.apiPrefix == "/" ? "" : Self.apiPrefix }
}
