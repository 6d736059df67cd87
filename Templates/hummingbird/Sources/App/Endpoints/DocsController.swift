import Crypto
import Foundation
import Hummingbird

/// `GET /openapi.json`, and `GET /docs`, a Swagger UI page on it, unless `DOCS_ENABLED` is off.
struct DocsController {
    let document: OpenAPIDocument
    let docs: DocsSettings

    func addRoutes(to router: Router<AppRequestContext>) {
        let json = Self.encode(self.document.json)
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: json))
            )
        }
        guard self.docs.enabled else { return }
        let page = Self.swaggerPage(tokenURL: "\(self.document.prefix)/auth/token", assetsURL: self.docs.assetsURL)
        router.get("docs") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy: page.policy,
                ],
                body: .init(byteBuffer: ByteBuffer(string: page.html))
            )
        }
    }

    static func encode(_ document: JSONValue) -> Data {
        (try? JSONEncoder.answers().encode(document)) ?? Data("{}".utf8)
    }

    /// The page and its policy: Swagger UI's two pinned files from `assetsURL` under their integrity hashes, and the
    /// one inline script by its SHA-256; the policy names those exact files and lets the page call only this server.
    static func swaggerPage(tokenURL: String, assetsURL: String) -> (html: String, policy: String) {
        let bundleURL = "\(assetsURL)/\(SwaggerUIAssets.bundle)"
        let stylesheetURL = "\(assetsURL)/\(SwaggerUIAssets.stylesheet)"
        let script = """

            window.onload = () => {
              window.ui = SwaggerUIBundle({
                url: "/openapi.json",
                dom_id: "#swagger-ui",
                validatorUrl: null,
              });
              // Authorize: the OAuth2 password flow posts username and password to \(tokenURL).
            };

            """
        let scriptHash = Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString()
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(SpecDefaults.title): API docs</title>
            <link rel="stylesheet" href="\(stylesheetURL)" integrity="\(SwaggerUIAssets.stylesheetIntegrity)" crossorigin="anonymous">
            </head>
            <body>
            <div id="swagger-ui"></div>
            <script src="\(bundleURL)" integrity="\(SwaggerUIAssets.bundleIntegrity)" crossorigin="anonymous"></script>
            <script>\(script)</script>
            </body>
            </html>
            """
        let policy = "default-src 'none'; script-src \(bundleURL) 'sha256-\(scriptHash)'; "
            + "style-src \(stylesheetURL) 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        return (html, policy)
    }
}
