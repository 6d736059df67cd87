/// The one table of the generated server's numeric settings and their ranges: the server checks its environment
/// against `server` (the templates print it from `settingRanges`), and the spec accepts `spec`, which is the same
/// range unless `serverOnly` says why the server also takes values a spec may not ask for. A test walks the table.
package struct SettingRange: Sendable, Equatable {
    /// The environment variable, e.g. `REFRESH_TOKEN_TTL_SECONDS`.
    package var variable: String
    /// The spec key that sets its default, e.g. `auth.jwt.refresh_token_ttl`.
    package var specKey: String
    /// In the variable's unit (seconds, bytes, …).
    package var server: ClosedRange<Int>
    package var spec: ClosedRange<Int>
    /// Why the server accepts more than the spec; nil when both are equal.
    package var serverOnly: String?

    /// The server range as a Swift literal, digits grouped by thousands: `1...31_536_000`.
    package var swiftLiteral: String {
        "\(Self.grouped(server.lowerBound))...\(Self.grouped(server.upperBound))"
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        guard digits.count > 5 else { return String(value) }
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: "_")
    }
}

package enum SettingRanges {
    /// A year: the longest token lifetime or lock.
    static let year = 365 * 86400

    package static let port = SettingRange(
        variable: "PORT", specKey: "server.port", server: 0...65535, spec: 1...65535,
        serverOnly: "PORT=0 asks the system for a free port (tests and smoke runs); a spec names a fixed port")
    package static let accessTokenTTL = SettingRange(
        variable: "ACCESS_TOKEN_TTL_SECONDS", specKey: "auth.jwt.access_token_ttl", server: 1...year, spec: 1...year)
    package static let refreshTokenTTL = SettingRange(
        variable: "REFRESH_TOKEN_TTL_SECONDS", specKey: "auth.jwt.refresh_token_ttl", server: 1...year, spec: 1...year)
    package static let sessionMaxLifetime = SettingRange(
        variable: "SESSION_MAX_LIFETIME_SECONDS", specKey: "auth.session.max_lifetime", server: 60...(10 * year),
        spec: 60...(10 * year))
    package static let bcryptCost = SettingRange(
        variable: "BCRYPT_COST", specKey: "auth.password.bcrypt_cost", server: 4...31, spec: 10...16,
        serverOnly: "tests lower the cost to 4 for speed, and an operator may raise it beyond 16; a spec keeps a safe default")
    package static let lockoutAfter = SettingRange(
        variable: "LOCKOUT_AFTER", specKey: "auth.lockout.after", server: 0...1000, spec: 1...1000,
        serverOnly: "LOCKOUT_AFTER=0 turns the lockout off, which a spec writes as `lockout: off`")
    package static let lockoutSeconds = SettingRange(
        variable: "LOCKOUT_SECONDS", specKey: "auth.lockout.for", server: 1...year, spec: 1...year)
    package static let maxBodySize = SettingRange(
        variable: "MAX_BODY_SIZE", specKey: "server.max_body_size", server: 1...(1 << 30), spec: 1...(1 << 30))

    /// A plugin's setting (the api-keys plugin's), so not in `all`: its plugin.yaml states the same range.
    package static let apiKeysMaxTTL = SettingRange(
        variable: "API_KEYS_MAX_TTL_SECONDS", specKey: "auth.api_keys.max_ttl", server: 3600...(10 * year),
        spec: 3600...(10 * year))

    package static let all = [port, accessTokenTTL, refreshTokenTTL, sessionMaxLifetime, bcryptCost, lockoutAfter, lockoutSeconds, maxBodySize]

    /// The spec's text for a limit in seconds: `365d`.
    static func durationText(_ seconds: Int) -> String {
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
