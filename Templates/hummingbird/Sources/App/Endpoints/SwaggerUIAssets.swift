/// The Swagger UI files the /docs page loads: swagger-ui-dist 5.33.1 from npm, each with the SHA-384 of its exact
/// bytes, so a browser refuses a changed file (Subresource Integrity). A self-hosted copy (`DOCS_ASSETS_URL`) must
/// serve these same files. To move to another version, change all three values together.
enum SwaggerUIAssets {
    static let version = "5.33.1"
    static let cdnURL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.33.1"
    static let bundle = "swagger-ui-bundle.js"
    static let bundleIntegrity = "sha384-ZPehFMQommnnuaZ4rpxgkgTT2DKFVp4hZC/7pLit+9Lek9T1YGSo23eHFbvNkXkw"
    static let stylesheet = "swagger-ui.css"
    static let stylesheetIntegrity = "sha384-Ov4/wv3j2bmct8cDc5X4ngJZohVPzEmc6uDPH8WeljUxO5vtoykvMEfbu9Vh6RaW"
}
