struct PasswordPolicy: Sendable {
    var minLength: Int
    /// In UTF-8 bytes; bcrypt reads no more than 72.
    var maxLength: Int
    var requireUpper: Bool
    var requireLower: Bool
    var requireDigit: Bool
    var requireSpecial: Bool
    var rejectCommon: Bool

    static let specDefault = PasswordPolicy(
        minLength: SpecDefaults.passwordMinLength,
        maxLength: min(SpecDefaults.passwordMaxLength, 72),
        requireUpper: SpecDefaults.passwordRequireUpper,
        requireLower: SpecDefaults.passwordRequireLower,
        requireDigit: SpecDefaults.passwordRequireDigit,
        requireSpecial: SpecDefaults.passwordRequireSpecial,
        rejectCommon: SpecDefaults.passwordRejectCommon
    )

    /// The special characters of the guide's `validate_password`.
    static let specialCharacters: Set<Character> = ["!", "@", "#", "$", "%", "^", "&", "*"]

    /// Whether a password given at login can be the one stored: longer ones, or ones with a NUL byte, are refused
    /// like a wrong password (after the same one bcrypt verification), never cut short to match a shorter one.
    func admitsLogin(_ password: String) -> Bool {
        password.utf8.count <= self.maxLength && !password.utf8.contains(0)
    }

    /// The first rule the password breaks, as the message the client sees.
    func violation(in password: String) -> String? {
        let length = password.utf8.count
        if length < self.minLength {
            return "Password must be at least \(self.minLength) characters"
        }
        if length > self.maxLength {
            return "Password must be at most \(self.maxLength) bytes"
        }
        // bcrypt reads a C string: a NUL would end the password there. Other control characters are refused alike.
        if password.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            return "Password must not contain control characters"
        }
        if self.requireUpper, !password.contains(where: { $0.isASCII && $0.isUppercase }) {
            return "Password must contain uppercase letter"
        }
        if self.requireLower, !password.contains(where: { $0.isASCII && $0.isLowercase }) {
            return "Password must contain lowercase letter"
        }
        if self.requireDigit, !password.contains(where: { $0.isASCII && $0.isNumber }) {
            return "Password must contain digit"
        }
        if self.requireSpecial, !password.contains(where: Self.specialCharacters.contains) {
            return "Password must contain special character"
        }
        if self.rejectCommon, CommonPasswords.contains(password) {
            return "Password is too common"
        }
        return nil
    }
}
