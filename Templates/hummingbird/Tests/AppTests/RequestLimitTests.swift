import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Request body size limit")
struct RequestLimitTests {
    static var smallLimit: SettingsChange { .set(\.maxBodySize, 2048) }

    static func expectTooLarge(_ response: TestResponse) {
        #expect(response.status == .contentTooLarge)
        #expect(response.detail == "Request body too large")
    }

    @Test(arguments: TestDatabase.available)
    func oversizedJSONBodiesAre413(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.smallLimit) { client, app in
            let padding = String(repeating: "x", count: 4096)
            let body = try JSONSerialization.data(withJSONObject: [
                "username": "ivy", "email": "ivy@example.com", "password": TestValues.password, "full_name": padding,
            ])
            let response = try await client.execute(
                uri: "\(app.prefix)/register",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: body)
            )
            Self.expectTooLarge(response)
            // Just under the limit is read and answered on its merits.
            #expect(try await client.register("ivy").status == .created)
        }
    }

    @Test(arguments: TestDatabase.available)
    func oversizedFormBodiesAre413(database: TestDatabase) async throws {
        try await withApp(on: database, with: Self.smallLimit) { client, app in
            let form = "username=jack&password=\(String(repeating: "p", count: 4096))"
            let response = try await client.execute(
                uri: "\(app.prefix)/token",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: form)
            )
            Self.expectTooLarge(response)
        }
    }

    @Test func theDefaultLimitComesFromTheSpec() throws {
        #expect(try Settings(environment: [:]).maxBodySize == SpecDefaults.maxBodySize)
        #expect(try Settings(environment: ["MAX_BODY_SIZE": "4096"]).maxBodySize == 4096)
        #expect(throws: SettingsError.self) { try Settings(environment: ["MAX_BODY_SIZE": "lots"]) }
    }
}
