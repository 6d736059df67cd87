import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Malformed requests get a 4xx, never a 500")
struct MalformedInputTests {
    @Test(arguments: TestDatabase.available)
    func malformedBodies(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let json: HTTPFields = [.contentType: "application/json"]
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let cases: [(path: String, headers: HTTPFields, body: String, status: HTTPResponse.Status)] = [
                ("register", json, "{not json", .unprocessableContent),
                ("register", json, "", .unprocessableContent),
                ("register", json, "[1,2,3]", .unprocessableContent),
                ("register", json, #"{"username":"a"}"#, .unprocessableContent),
                ("register", json, #"{"username":1,"email":"x@example.com","password":"Sunny#Garden42"}"#, .unprocessableContent),
                ("register", form, "username=a&email=b&password=c", .unsupportedMediaType),
                ("register", [:], #"{"username":"a"}"#, .unsupportedMediaType),
                ("token", json, #"{"username":"a","password":"b"}"#, .unsupportedMediaType),
                ("token", form, "username=a", .unprocessableContent),
                ("token", form, "%%%&&&===", .unprocessableContent),
                ("token", form, "username[]=a&password[x]=b", .unprocessableContent),
                ("refresh", json, "{", .unprocessableContent),
                ("refresh", json, #"{"refresh_token":42}"#, .unprocessableContent),
            ]
            for item in cases {
                let response = try await client.execute(
                    uri: "\(app.prefix)/\(item.path)",
                    method: .post,
                    headers: item.headers,
                    body: ByteBuffer(string: item.body)
                )
                #expect(response.status == item.status, "\(item.path) \(item.body)")
                #expect(response.detail != nil, "\(item.path) \(item.body) has a detail")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func hugeBodyIsRefused(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            // Larger than the spec's max_body_size.
            let huge = #"{"username":""# + String(repeating: "a", count: SpecDefaults.maxBodySize) + #""}"#
            for (path, type) in [("register", "application/json"), ("token", "application/x-www-form-urlencoded")] {
                let response = try await client.execute(
                    uri: "\(app.prefix)/\(path)",
                    method: .post,
                    headers: [.contentType: type],
                    body: ByteBuffer(string: huge)
                )
                #expect(response.status == .contentTooLarge)
                #expect(response.detail != nil)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongMethodsAndPaths(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            for (method, path) in [(HTTPRequest.Method.get, "register"), (.delete, "me"), (.put, "token")] {
                let response = try await client.execute(uri: "\(app.prefix)/\(path)", method: method)
                #expect((400..<500).contains(response.status.code), "\(method) \(path)")
            }
        }
    }
}
