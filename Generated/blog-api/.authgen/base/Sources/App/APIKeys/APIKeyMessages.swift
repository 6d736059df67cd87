import Foundation
import Hummingbird

/// `POST /auth/api-keys`'s body, checked: every problem is answered at once as a 422.
struct NewAPIKeyRequest {
    let name: String
    let scopes: Set<String>
    /// Seconds the key works (`expires_in`); the longest allowed (`API_KEYS_MAX_TTL_SECONDS`) when left out.
    let lifetime: Int
}

extension FieldRule where Value == String {
    /// A key's name: 1 to 100 characters once trimmed.
    static var keyName: FieldRule {
        FieldRule(type: .string(maxLength: APIKeysController.nameLimit), placeholder: "") { json in
            guard case .string(let text) = json else { return .failure(.expected("a valid string", type: "string_type")) }
            let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...APIKeysController.nameLimit).contains(name.unicodeScalars.count), !name.unicodeScalars.contains("\u{0}") else {
                return .failure(FieldProblem(msg: "Name should have 1 to \(APIKeysController.nameLimit) characters", type: "string_length"))
            }
            return .success(name)
        }
    }
}

extension FieldRule where Value == Set<String> {
    /// At least one scope, each one of `APIKeyScopes.all`; an unknown one is answered with the valid ones.
    static var scopes: FieldRule {
        // `type` describes resource fields only; this is none.
        FieldRule(type: .text(maxLength: nil), placeholder: []) { json in
            guard case .array(let items) = json else { return .failure(.expected("a valid list", type: "list_type")) }
            guard !items.isEmpty else { return .failure(FieldProblem(msg: "List should have at least 1 item", type: "too_short")) }
            var scopes: Set<String> = []
            for item in items {
                guard case .string(let scope) = item, APIKeyScopes.all.contains(scope) else {
                    return .failure(.expected("a list of scopes among: \(APIKeyScopes.all.joined(separator: ", "))", type: "enum"))
                }
                scopes.insert(scope)
            }
            return .success(scopes)
        }
    }
}

extension FieldRule where Value == Int {
    /// Seconds, from 1 to `maximum`.
    static func lifetime(upTo maximum: Int) -> FieldRule {
        FieldRule(type: .int, placeholder: 0) { json in
            guard case .success(let seconds) = FieldRule.int.parse(json) else { return FieldRule.int.parse(json) }
            guard (1...maximum).contains(seconds) else {
                return .failure(FieldProblem(msg: "Input should be from 1 to \(maximum) seconds", type: "less_than_equal"))
            }
            return .success(seconds)
        }
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
