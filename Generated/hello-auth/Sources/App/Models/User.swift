import Foundation

struct User: Sendable, Equatable {
    let id: Int64
    var email: String
    var username: String
    var fullName: String?
    var passwordHash: String
    var isActive: Bool
    var isSuperuser: Bool
    var createdAt: Date
    /// The roles granted to the user (`users.roles`); a superuser needs none.
    var roles: Set<Role> = []
}

/// Usernames are unique and looked up by this form: Unicode NFKC, then lower case. `alice`, `Alice` and `ａｌｉｃｅ`
/// are one account; the user's own spelling is kept for display.
enum Username {
    static func normalized(_ username: String) -> String {
        username.precomposedStringWithCompatibilityMapping.lowercased()
    }
}

struct NewUser: Sendable {
    var email: String
    var username: String
    var fullName: String?
    var passwordHash: String
    var isActive: Bool = true
    var isSuperuser: Bool = false
    var createdAt: Date = Date()
}
