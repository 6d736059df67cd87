import Foundation

/// One session in `GET /auth/sessions` and `GET /users/{id}/sessions`.
struct SessionResponse: Codable, Sendable, Equatable {
    let id: String
    let createdAt: Date
    let lastUsedAt: Date
    let userAgent: String?
    /// The client's network (IPv4 /24, IPv6 /48) when the session began.
    let clientAddress: String?
    /// The session of the token that asked.
    let current: Bool

    init(_ session: SessionSummary, currentSessionID: String) {
        self.id = session.id
        self.createdAt = session.createdAt
        self.lastUsedAt = session.lastUsedAt
        self.userAgent = session.userAgent
        self.clientAddress = session.clientNetwork
        self.current = session.id == currentSessionID
    }

    enum CodingKeys: String, CodingKey {
        case id, current
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case userAgent = "user_agent"
        case clientAddress = "client_address"
    }

    // Absent values are written as null, as the other answers write them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.lastUsedAt, forKey: .lastUsedAt)
        try container.encode(self.userAgent, forKey: .userAgent)
        try container.encode(self.clientAddress, forKey: .clientAddress)
        try container.encode(self.current, forKey: .current)
    }
}

/// `POST /auth/logout-all`'s body, which may be left out.
struct LogoutAllRequest: Decodable {
    /// Keep the session of the token that asks; by default it ends too.
    let keepCurrent: Bool?

    enum CodingKeys: String, CodingKey {
        case keepCurrent = "keep_current"
    }
}
