import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Testing

@testable import App

@Suite("OpenAPI document and /docs")
struct OpenAPITests {
    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Every route of the router is in the document, and the document has nothing else.
    @Test func documentDescribesExactlyTheRoutes() async throws {
        try await withApp(on: .sqlite) { _, app in
            try await Self.compareRoutes(settings: app.settings, repository: app.repository)
        }
    }

    static func compareRoutes(settings: Settings, repository: any AppRepository) async throws {
        let logger = Logger(label: "tests")
        let router = buildRouter(
            settings: settings,
            repository: repository,
            tokens: TokenService(keys: try await SigningKeys.make(for: settings.jwt, logger: logger), settings: settings.jwt),
            hasher: try await PasswordHasher(cost: 4)
        )
        let routes = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        let document = OpenAPIDocument(
            apiPrefix: settings.apiPrefix, registrationOpen: true, resources: ResourceCatalog.all, docsEnabled: settings.docs.enabled
        ).json
        guard case .object(let paths)? = document["paths"] else {
            Issue.record("no paths")
            return
        }
        var documented: Set<String> = []
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for method in operations.keys where Self.methods.contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(routes == documented, "only routed: \(routes.subtracting(documented)); only documented: \(documented.subtracting(routes))")
        #expect(documented.contains("DELETE /v1/products/{id}"))
        #expect(documented.contains("DELETE /v1/categories/{id}"))
        #expect(documented.contains("DELETE /v1/orders/{id}"))
    }

    /// Every `$ref` names a schema of the document, and every operation has responses.
    @Test func referencesResolve() {
        let document = OpenAPIDocument(apiPrefix: SpecDefaults.apiPrefix, registrationOpen: false, resources: ResourceCatalog.all).json
        guard case .object(let schemas)? = document["components"]?["schemas"] else {
            Issue.record("no schemas")
            return
        }
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let object):
                if case .string(let reference)? = object["$ref"] { references.append(reference) }
                object.values.forEach(collect)
            case .array(let array):
                array.forEach(collect)
            default:
                break
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references {
            let name = reference.replacingOccurrences(of: "#/components/schemas/", with: "")
            #expect(schemas[name] != nil, "\(reference)")
        }
        if case .object(let paths)? = document["paths"] {
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, operation) in operations {
                    #expect(operation["responses"] != nil, "\(method) \(path)")
                }
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func servedDocument(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let document = try #require(response.jsonValue)
            #expect(document["openapi"] == "3.1.0")
            #expect(document["info"]?["title"] == .string(SpecDefaults.title))
            let scheme = document["components"]?["securitySchemes"]?[OpenAPIDocument.securityScheme]
            #expect(scheme?["type"] == "oauth2")
            #expect(scheme?["flows"]?["password"]?["tokenUrl"] == .string("\(app.prefix)/token"))
            #expect(document["paths"]?["\(app.prefix)/me"]?["get"]?["security"] != nil)
            #expect(document["paths"]?["\(app.prefix)/register"]?["post"]?["responses"]?["201"] != nil)
            #expect(document == OpenAPIDocument(apiPrefix: app.settings.apiPrefix, registrationOpen: true, resources: ResourceCatalog.all).json)
            let product = document["paths"]?["/v1/products/{id}"]
            #expect(product?["delete"]?["responses"]?["404"] != nil)
            #expect(document["components"]?["schemas"]?["ProductCreate"] != nil)
            let category = document["paths"]?["/v1/categories/{id}"]
            #expect(category?["delete"]?["responses"]?["404"] != nil)
            #expect(document["components"]?["schemas"]?["CategoryCreate"] != nil)
            let order = document["paths"]?["/v1/orders/{id}"]
            #expect(order?["delete"]?["responses"]?["404"] != nil)
            #expect(document["components"]?["schemas"]?["OrderCreate"] != nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func docsPage(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let response = try await client.execute(uri: "/docs", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = String(buffer: response.body)
            #expect(page.contains("SwaggerUIBundle"))
            #expect(page.contains(#"url: "/openapi.json""#))
            #expect(response.headers[.contentSecurityPolicy]?.contains("cdn.jsdelivr.net") == true)
        }
    }
}
