import Foundation
import Hummingbird

/// `GET /openapi.json` and `GET /docs`, a Swagger UI page on it.
struct DocsController {
    let document: OpenAPIDocument

    func addRoutes(to router: Router<AppRequestContext>) {
        let json = Self.encode(self.document.json)
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: json))
            )
        }
        let page = Self.swaggerPage(tokenURL: "\(self.document.prefix)/auth/token")
        router.get("docs") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentSecurityPolicy: Self.pagePolicy,
                ],
                body: .init(byteBuffer: ByteBuffer(string: page))
            )
        }
    }

    static func encode(_ document: JSONValue) -> Data {
        (try? JSONEncoder.answers().encode(document)) ?? Data("{}".utf8)
    }

    static let swaggerUIVersion = "5.17.14"
    static let cdn = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@\(swaggerUIVersion)"

    /// The page may load Swagger UI from the CDN, run its one inline script and call this server; nothing else.
    static let pagePolicy =
        "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
        + "style-src https://cdn.jsdelivr.net 'unsafe-inline'; "
        + "img-src 'self' data: https://cdn.jsdelivr.net; connect-src 'self'; frame-ancestors 'none'"

    static func swaggerPage(tokenURL: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(SpecDefaults.title): API docs</title>
        <link rel="stylesheet" href="\(cdn)/swagger-ui.css">
        </head>
        <body>
        <div id="swagger-ui"></div>
        <script src="\(cdn)/swagger-ui-bundle.js" crossorigin="anonymous"></script>
        <script>
        window.onload = () => {
          window.ui = SwaggerUIBundle({
            url: "/openapi.json",
            dom_id: "#swagger-ui",
          });
          // Authorize: the OAuth2 password flow posts username and password to \(tokenURL).
        };
        </script>
        </body>
        </html>
        """
    }
}
