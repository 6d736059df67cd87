import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// The /docs page loads Swagger UI from pinned files, checked by Subresource Integrity, under a policy that names
/// only those files.
@Suite("/docs page: pinned Swagger UI")
struct DocsPageTests {
    static let bundleIntegrity = "sha384-ZPehFMQommnnuaZ4rpxgkgTT2DKFVp4hZC/7pLit+9Lek9T1YGSo23eHFbvNkXkw"
    static let stylesheetIntegrity = "sha384-Ov4/wv3j2bmct8cDc5X4ngJZohVPzEmc6uDPH8WeljUxO5vtoykvMEfbu9Vh6RaW"
    static let pinnedCDN = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1"

    /// The sources one directive of a Content-Security-Policy allows.
    static func sources(_ directive: String, in policy: String) -> [String] {
        for part in policy.split(separator: ";") {
            let words = part.split(separator: " ").map(String.init)
            if words.first == directive { return Array(words.dropFirst()) }
        }
        return []
    }

    @Test(arguments: TestDatabase.available)
    func pageLoadsPinnedFilesWithIntegrityUnderANarrowPolicy(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let response = try await client.execute(uri: "/docs", method: .get)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains(#"<script src="\#(Self.pinnedCDN)/swagger-ui-bundle.js" integrity="\#(Self.bundleIntegrity)" crossorigin="anonymous"></script>"#))
            #expect(page.contains(#"<link rel="stylesheet" href="\#(Self.pinnedCDN)/swagger-ui.css" integrity="\#(Self.stylesheetIntegrity)" crossorigin="anonymous">"#))
            let policy = try #require(response.headers[.contentSecurityPolicy])
            let scripts = Self.sources("script-src", in: policy)
            // The bundle's exact URL and the page's own inline script by its hash; no host, no 'unsafe-inline'.
            #expect(scripts.first == "\(Self.pinnedCDN)/swagger-ui-bundle.js")
            #expect(scripts.count == 2 && scripts[1].hasPrefix("'sha256-"), "\(scripts)")
            #expect(Self.sources("style-src", in: policy) == ["\(Self.pinnedCDN)/swagger-ui.css", "'unsafe-inline'"])
            #expect(Self.sources("img-src", in: policy) == ["'self'", "data:"])
            #expect(Self.sources("connect-src", in: policy) == ["'self'"])
            #expect(!policy.contains("https://cdn.jsdelivr.net "), "a whole host is allowed: \(policy)")
        }
    }

    @Test(arguments: TestDatabase.available)
    func assetsURLChangesThePageAndThePolicy(database: TestDatabase) async throws {
        let selfHosted = "https://static.example.com/swagger-ui"
        try await withApp(on: database, with: .set(\.docs.assetsURL, selfHosted)) { client, _ in
            let response = try await client.execute(uri: "/docs", method: .get)
            let page = String(buffer: response.body)
            #expect(page.contains(#"<script src="\#(selfHosted)/swagger-ui-bundle.js" integrity="\#(Self.bundleIntegrity)""#))
            #expect(page.contains(#"<link rel="stylesheet" href="\#(selfHosted)/swagger-ui.css" integrity="\#(Self.stylesheetIntegrity)""#))
            #expect(!page.contains("jsdelivr"))
            let policy = try #require(response.headers[.contentSecurityPolicy])
            #expect(Self.sources("script-src", in: policy).first == "\(selfHosted)/swagger-ui-bundle.js")
            #expect(Self.sources("style-src", in: policy).first == "\(selfHosted)/swagger-ui.css")
            #expect(!policy.contains("jsdelivr"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func docsOffIsNotRouted(database: TestDatabase) async throws {
        try await withApp(on: database, with: .set(\.docs.enabled, false)) { client, app in
            let page = try await client.execute(uri: "/docs", method: .get)
            #expect(page.status == .notFound)
            #expect(!String(buffer: page.body).contains("SwaggerUIBundle"))
            let document = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(document.status == .ok)
            #expect(document.jsonValue?["paths"]?["/docs"] == nil)
            #expect(document.jsonValue?["paths"]?["/openapi.json"] != nil)
            try await OpenAPITests.compareRoutes(settings: app.settings, repository: app.repository)
        }
    }

    @Test func settingsReadDocsEnabledAndAssetsURL() throws {
        let defaults = try Settings(environment: [:])
        #expect(defaults.docs.enabled == SpecDefaults.docsEnabled)
        #expect(defaults.docs.assetsURL == Self.pinnedCDN)
        let custom = try Settings(environment: ["DOCS_ENABLED": "false", "DOCS_ASSETS_URL": "http://127.0.0.1:9000/static/"])
        #expect(!custom.docs.enabled)
        #expect(custom.docs.assetsURL == "http://127.0.0.1:9000/static")
        for bad in ["/static/swagger", "ftp://example.com/x", "https://example.com/x?v=1", "https://example.com/x#a", "https://a.example/x; script-src *"] {
            #expect(throws: SettingsError.self, "\(bad)") { try Settings(environment: ["DOCS_ASSETS_URL": bad]) }
        }
        #expect(throws: SettingsError.self) { try Settings(environment: ["DOCS_ENABLED": "maybe"]) }
        // In production the page is served over HTTPS, so its files must be too.
        #expect {
            try Settings(environment: [
                "ENVIRONMENT": "production", "JWT_ALGORITHM": "HS256", "SECRET_KEY": SettingsTests.goodSecret,
                "DOCS_ASSETS_URL": "http://static.example.com/swagger-ui",
            ])
        } throws: { error in
            (error as? SettingsError)?.description.contains("DOCS_ASSETS_URL must be an https URL") == true
        }
    }
}
