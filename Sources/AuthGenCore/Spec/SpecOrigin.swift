/// Checks on one CORS origin beyond its format: the '*' rules, and plain http on a public host.
enum SpecOrigin {
    /// Returns false when an error was reported.
    static func check(_ origin: Located<String>, allowCredentials: SpecRead<Bool>, among origins: [Located<String>], sink: SpecDiagnostics) -> Bool {
        let text = origin.value
        if text == "*" {
            if allowCredentials.value(or: Spec.CORS().allowCredentials) == true {
                let setting = allowCredentials.located == nil ? "allow_credentials: true (the default)" : "allow_credentials: true"
                sink.error(
                    "\(origin.path): '*' cannot be combined with \(setting), as browsers refuse credentials for any origin; list the allowed origins or set cors.allow_credentials: false",
                    at: origin.location)
                return false
            }
            if origins.count > 1 {
                sink.error("\(origin.path): '*' already allows every origin; remove either '*' or the other origins", at: origin.location)
                return false
            }
            return true
        }
        guard let schemeEnd = text.range(of: "://") else { return true }
        let scheme = text[..<schemeEnd.lowerBound]
        let authority = text[schemeEnd.upperBound...]
        // The format already checked the port; drop it to look at the host.
        var host = Substring(authority)
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            host = authority[..<colon]
        }
        if scheme == "http", !isLocal(String(host)) {
            sink.warning("\(origin.path): '\(text)' uses plain http on a public host; use https for a production origin", at: origin.location)
        }
        return true
    }

    private static func isLocal(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if ["localhost", "127.0.0.1", "[::1]", "0.0.0.0"].contains(lowered) { return true }
        return [".localhost", ".local", ".test", ".internal"].contains { lowered.hasSuffix($0) }
            || lowered.hasPrefix("127.") || lowered.hasPrefix("10.") || lowered.hasPrefix("192.168.")
    }
}
