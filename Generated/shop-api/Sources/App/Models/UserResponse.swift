import Foundation
import Hummingbird

/// The user as clients see it: never the password hash.
struct UserResponse: ResponseEncodable, Decodable, Equatable {
    let id: Int64
    let email: String
    let username: String
    let fullName: String?
    let isActive: Bool
    let isSuperuser: Bool
    let createdAt: Date
    /// The roles granted to the user, sorted; a superuser may do everything without any.
    let roles: [String]

    init(_ user: User) {
        self.id = user.id
        self.email = user.email
        self.username = user.username
        self.fullName = user.fullName
        self.isActive = user.isActive
        self.isSuperuser = user.isSuperuser
        self.createdAt = user.createdAt
        self.roles = user.roles.sorted().map(\.rawValue)
    }

    enum CodingKeys: String, CodingKey {
        case id, email, username
        case fullName = "full_name"
        case isActive = "is_active"
        case isSuperuser = "is_superuser"
        case createdAt = "created_at"
        case roles
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.email, forKey: .email)
        try container.encode(self.username, forKey: .username)
        // Written as null when absent, as the FastAPI server does.
        try container.encode(self.fullName, forKey: .fullName)
        try container.encode(self.isActive, forKey: .isActive)
        try container.encode(self.isSuperuser, forKey: .isSuperuser)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.roles, forKey: .roles)
    }
}
