import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// `DELETE /auth/me` of a user with TOTP on takes a current code besides the password (`confirmSecondFactor`).
@Suite("Two-factor authentication: deleting the account")
struct MFAAccountDeletionTests {
    @Test(arguments: TestDatabase.available)
    func deletingTheAccountTakesACurrentCode(database: TestDatabase) async throws {
        try await MFATests.at(MFATests.start) {
            try await withApp(on: database) { client, _ in
                let (secret, _) = try await MFATests.enrol(client, "jon")
                let access = try await MFATests.verify(client, "jon", code: try MFATests.code(secret, at: MFATests.start))
                    .decode(TokenResponse.self).accessToken
                let withoutCode = try await Self.deleteMe(client, access, ["password": TestValues.password])
                #expect(withoutCode.status == .forbidden)
                #expect(withoutCode.detail == "TOTP code required")
                let wrongCode = try await Self.deleteMe(client, access, ["password": TestValues.password, "code": "000000"])
                #expect(wrongCode.status == .badRequest)
                #expect(wrongCode.detail == "Invalid code")
                // The code the login used is spent.
                let usedCode = try await Self.deleteMe(
                    client, access, ["password": TestValues.password, "code": try MFATests.code(secret, at: MFATests.start)])
                #expect(usedCode.status == .badRequest)
                #expect(try await client.me(access).status == .ok)

                let deleted = try await Self.deleteMe(
                    client, access, ["password": TestValues.password, "code": try MFATests.code(secret, at: MFATests.start + 30)])
                #expect(deleted.status == .noContent)
                #expect(try await client.login("jon").status == .unauthorized)
                #expect(try await client.me(access).status == .unauthorized)
            }
        }
    }

    /// A stolen access token cannot guess the code either: wrong codes count into the lockout, and the one that
    /// reaches it ends the session.
    @Test(arguments: TestDatabase.available)
    func wrongCodesEndTheSessionAtTheLockout(database: TestDatabase) async throws {
        try await MFATests.at(MFATests.start) {
            try await withApp(on: database, with: .set(\.lockout, LockoutSettings(after: 3, seconds: 60))) { client, app in
                let (secret, _) = try await MFATests.enrol(client, "kim")
                let access = try await MFATests.verify(client, "kim", code: try MFATests.code(secret, at: MFATests.start))
                    .decode(TokenResponse.self).accessToken
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<3 {
                    statuses.append(try await Self.deleteMe(client, access, ["password": TestValues.password, "code": "000000"]).status)
                }
                #expect(statuses == [.badRequest, .badRequest, .unauthorized])
                #expect(try await client.me(access).status == .unauthorized)
                #expect(try await app.repository.user(username: "kim") != nil)
            }
        }
    }

    static func deleteMe(_ client: any TestClientProtocol, _ token: String, _ body: [String: String]) async throws -> TestResponse {
        try await client.execute(
            uri: "\(TestValues.authPrefix)/me",
            method: .delete,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        )
    }
}
