/// Field rules of registration, each failure answered with 422 and its message.
enum RegistrationRules {
    static func violation(in request: RegisterRequest, policy: PasswordPolicy) -> String? {
        if let problem = self.usernameViolation(request.username) { return problem }
        if !self.isValidEmail(request.email) { return "Invalid email address" }
        if let fullName = request.fullName, !self.fitsFullName(fullName) { return "Full name must be at most 100 characters" }
        return policy.violation(in: request.password)
    }

    /// Counted in Unicode scalars (as resource text fields and PostgreSQL count characters), never in grapheme
    /// clusters: one "character" could otherwise carry any number of combining marks. 100 scalars are at most 400 bytes.
    static func fitsFullName(_ fullName: String) -> Bool {
        fullName.utf8.count <= 400 && fullName.unicodeScalars.count <= 100
    }

    static func usernameViolation(_ username: String) -> String? {
        let allowed = username.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
        }
        guard (3...50).contains(username.utf8.count), allowed else {
            return "Username must be 3 to 50 characters: letters, digits, '_', '.' or '-'"
        }
        return nil
    }

    /// A pragmatic check: one `@`, a non-empty local part, a dotted domain, no spaces.
    static func isValidEmail(_ email: String) -> Bool {
        guard email.utf8.count <= 254, !email.contains(where: \.isWhitespace) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }
}
