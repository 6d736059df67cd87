import Foundation

/// Where and how the SMTP transport connects, read from `EMAIL_SMTP_URL`:
///
/// - `smtp://user:pass@host:587` — STARTTLS, required (the default port 587);
/// - `smtps://user:pass@host:465` — TLS from the first byte (the default port 465);
/// - `smtp://localhost:1025` — no TLS, only to a loopback address, or anywhere with an explicit `?tls=none`;
/// - `?auth=plain` or `?auth=login` — the AUTH mechanism, else PLAIN when the server offers it, else LOGIN.
///
/// Percent-encode reserved characters in the user and password (`@` is `%40`). The server's certificate is always
/// checked against the system's roots and `EMAIL_SMTP_CA_FILE`, and against the host name.
struct SMTPConfiguration: Sendable, Equatable {
    enum Security: String, Sendable {
        /// STARTTLS before anything else is sent; a server that does not offer it is refused.
        case startTLS = "starttls"
        /// TLS from the start (`smtps://`).
        case implicitTLS = "implicit"
        /// Plain text: loopback addresses, or an explicit `tls=none`.
        case none
    }

    enum AuthMechanism: String, Sendable {
        case plain
        case login
    }

    struct Credentials: Sendable, Equatable {
        let username: String
        let password: String
    }

    let host: String
    let port: Int
    let security: Security
    let credentials: Credentials?
    let authMechanism: AuthMechanism?

    /// Never repeats the URL in an error: it may hold a password.
    init(url text: String) throws(SMTPConfigurationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw SMTPConfigurationError("EMAIL_SMTP_URL is not a URL; expected smtp://user:password@host:587 or smtps://…")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw SMTPConfigurationError("EMAIL_SMTP_URL must start with smtp:// or smtps://")
        }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw SMTPConfigurationError("EMAIL_SMTP_URL has no host") }
        if let port = components.port, !(1...65535).contains(port) {
            throw SMTPConfigurationError("EMAIL_SMTP_URL's port must be in 1...65535")
        }
        guard components.path.isEmpty || components.path == "/", components.fragment == nil else {
            throw SMTPConfigurationError("EMAIL_SMTP_URL takes no path or fragment")
        }

        var tls: String?
        var auth: AuthMechanism?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "tls": tls = item.value?.lowercased()
            case "auth":
                guard let mechanism = item.value.flatMap({ AuthMechanism(rawValue: $0.lowercased()) }) else {
                    throw SMTPConfigurationError("EMAIL_SMTP_URL: auth must be plain or login")
                }
                auth = mechanism
            default:
                throw SMTPConfigurationError("EMAIL_SMTP_URL: unknown parameter '\(item.name)'; known: tls, auth")
            }
        }

        let security: Security
        switch (scheme, tls) {
        case ("smtps", nil), ("smtps", "implicit"): security = .implicitTLS
        case ("smtps", _): throw SMTPConfigurationError("EMAIL_SMTP_URL: smtps:// is TLS from the start; drop the tls parameter")
        case ("smtp", "starttls"): security = .startTLS
        case ("smtp", "none"): security = .none
        case ("smtp", nil): security = Self.isLoopback(host) ? .none : .startTLS
        default: throw SMTPConfigurationError("EMAIL_SMTP_URL: tls must be starttls or none (or use smtps:// for TLS from the start)")
        }

        let username = components.user ?? ""
        let password = components.password ?? ""
        if username.isEmpty != password.isEmpty {
            throw SMTPConfigurationError("EMAIL_SMTP_URL: give both a user and a password, or neither")
        }
        if auth != nil, username.isEmpty {
            throw SMTPConfigurationError("EMAIL_SMTP_URL: auth needs a user and a password")
        }
        self.host = host
        self.port = components.port ?? (security == .implicitTLS ? 465 : 587)
        self.security = security
        self.credentials = username.isEmpty ? nil : Credentials(username: username, password: password)
        self.authMechanism = auth
    }

    var usesTLS: Bool { self.security != .none }

    static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4Loopback = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return lowered == "localhost" || lowered == "::1" || isIPv4Loopback
    }
}

struct SMTPConfigurationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
