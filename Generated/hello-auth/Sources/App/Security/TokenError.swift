/// Why a token was refused. Never shown to clients, who only see "Could not validate credentials".
enum TokenError: Error, Equatable {
    case malformed
    case wrongAlgorithm
    case forbiddenHeader
    /// A `kid` that names none of the server's keys, such as a key removed from `JWT_PRIVATE_KEYS`.
    case unknownKey
    case invalidSignatureOrClaims
    case wrongType
    case wrongIssuer
    case wrongAudience
}
