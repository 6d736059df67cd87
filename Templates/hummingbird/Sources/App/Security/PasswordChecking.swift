/// What the authentication routes need from a password hasher; tests count verifications through it.
protocol PasswordChecking: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, against hash: String) async throws -> Bool
    /// One verification against a dummy hash, so that an unknown username costs as much as a wrong password.
    func verifyDummy(_ password: String) async throws
}

extension PasswordHasher: PasswordChecking {}
