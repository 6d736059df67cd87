import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Security headers, CORS and HTTPS")
struct HTTPHeaderTests {
    @Test func securityHeaders() async throws {
        try await withApp(on: .sqlite) { client, _ in
            let response = try await client.execute(uri: "/health", method: .get)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.xFrameOptions] == "DENY")
            #expect(response.headers[.contentSecurityPolicy] != nil)
            #expect(response.headers[.strictTransportSecurity] == nil)
        }
    }

    @Test func corsAllowsOnlyListedOrigins() async throws {
        try await withApp(on: .sqlite) { client, _ in
            let allowed = try await client.execute(uri: "/health", method: .get, headers: [.origin: "http://localhost:3000"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            #expect(allowed.headers[.accessControlAllowCredentials] == "true")

            let other = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)

            let preflight = try await client.execute(
                uri: "\(TestValues.authPrefix)/token",
                method: .options,
                headers: [.origin: "http://localhost:3000", .accessControlRequestMethod: "POST"]
            )
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)

            let refused = try await client.execute(
                uri: "\(TestValues.authPrefix)/token",
                method: .options,
                headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"]
            )
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func productionRequiresHTTPS() async throws {
        // On a real socket, from a trusted proxy: only then is `X-Forwarded-Proto` believed (see LoginAbuseTests).
        try await withLiveApp(
            on: .sqlite,
            with: .set(\.environment, .production), .set(\.httpsOnly, true), .set(\.hsts, true), LoginAbuseTests.trustLocalProxy
        ) {
            client,
            app in
            let plain = try await client.execute(uri: "\(app.prefix)/me", method: .get)
            #expect(plain.status == .forbidden)
            #expect(plain.detail == "HTTPS required")

            let proxied = try await client.execute(
                uri: "\(app.prefix)/me",
                method: .get,
                headers: [HTTPSOnlyMiddleware<AppRequestContext>.forwardedProto: "https"]
            )
            #expect(proxied.status == .unauthorized)
            #expect(proxied.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true)

            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }
}
