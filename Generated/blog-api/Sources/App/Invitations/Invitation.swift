import Foundation
import Hummingbird

/// A pending invitation as superusers see it: never its token.
struct Invitation: ResponseEncodable, Decodable, Equatable, Sendable {
    let id: Int64
    let email: String
    let isSuperuser: Bool
    let createdAt: Date
    let expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email
        case isSuperuser = "is_superuser"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }

    init?(row: ExtensionRow) {
        guard let id = row["id"]?.integer, let email = row["email"]?.text, let isSuperuser = row["is_superuser"]?.integer,
            let createdAt = row["created_at"]?.date, let expiresAt = row["expires_at"]?.date
        else { return nil }
        self.id = id
        self.email = email
        self.isSuperuser = isSuperuser != 0
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// `POST /users/invitations`'s body.
struct InvitationRequest: Decodable {
    let email: String
    let isSuperuser: Bool?

    enum CodingKeys: String, CodingKey {
        case email
        case isSuperuser = "is_superuser"
    }
}

/// `POST /auth/invitations/accept`'s body.
struct InvitationAcceptRequest: Decodable {
    let token: String
    let username: String
    let password: String
}
