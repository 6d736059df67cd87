import Foundation
import Hummingbird

/// `POST /auth/api-keys`'s body.
struct CreateAPIKeyRequest: Decodable {
    let name: String
    let scopes: [String]
    /// Seconds the key works; the longest allowed (`API_KEYS_MAX_TTL_SECONDS`) when left out.
    let expiresIn: Int?

    enum CodingKeys: String, CodingKey {
        case name, scopes
        case expiresIn = "expires_in"
    }
}

/// One key in `GET /auth/api-keys`; `POST` answers the same with the key, shown that once.
struct APIKeyResponse: ResponseEncodable, Decodable, Equatable {
    let id: Int64
    let name: String
    let scopes: [String]
    let createdAt: Date
    let expiresAt: Date
    let lastUsedAt: Date?
    let key: String?

    init(_ stored: StoredAPIKey, key: String? = nil) {
        self.id = stored.id
        self.name = stored.name
        self.scopes = stored.scopes.sorted()
        self.createdAt = stored.createdAt
        self.expiresAt = stored.expiresAt
        self.lastUsedAt = stored.lastUsedAt
        self.key = key
    }

    enum CodingKeys: String, CodingKey {
        case id, name, scopes, key
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case lastUsedAt = "last_used_at"
    }

    // `last_used_at` is written as null until the key is used; `key` only in the answer that creates it.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.scopes, forKey: .scopes)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.expiresAt, forKey: .expiresAt)
        try container.encode(self.lastUsedAt, forKey: .lastUsedAt)
        try container.encodeIfPresent(self.key, forKey: .key)
    }
}
