import Foundation

/// Links into the front end (`EMAIL_PUBLIC_URL`), carrying a token: `https://app.example.com/reset-password?token=…`.
struct MailLinkBuilder: Sendable {
    /// The base URL without a trailing slash.
    let publicURL: String
    let style: MailLinkStyle

    init(publicURL: String, style: MailLinkStyle = MailTemplates.linkStyle) {
        var base = publicURL
        while base.hasSuffix("/") { base.removeLast() }
        self.publicURL = base
        self.style = style
    }

    /// `publicURL` + `path` + `?token=` (or `#token=`) + the token, percent-encoded.
    func link(path: String, token: String) -> String {
        let page = path.isEmpty || path.hasPrefix("/") ? path : "/\(path)"
        let separator = self.style == .query ? (page.contains("?") ? "&" : "?") : "#"
        return "\(self.publicURL)\(page)\(separator)token=\(Self.encode(token))"
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ token: String) -> String {
        token.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? token
    }

    /// Checks `EMAIL_PUBLIC_URL`: an absolute http(s) URL without query or fragment.
    static func validate(publicURL: String) throws(MailSetupError) {
        guard let url = URLComponents(string: publicURL), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
            url.query == nil, url.fragment == nil
        else {
            throw MailSetupError("EMAIL_PUBLIC_URL must be an absolute http(s) URL without query or fragment, e.g. https://app.example.com")
        }
    }
}
