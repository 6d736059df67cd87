enum SigningAlgorithm: String, Sendable, CaseIterable {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"
    case es256 = "ES256"
    case eddsa = "EdDSA"

    /// An HMAC key shorter than the digest weakens it (RFC 7518, section 3.2).
    var minimumSecretBytes: Int {
        switch self {
        case .hs384: 48
        case .hs512: 64
        case .hs256, .es256, .eddsa: 32
        }
    }

    var usesSharedSecret: Bool {
        switch self {
        case .hs256, .hs384, .hs512: true
        case .es256, .eddsa: false
        }
    }
}
