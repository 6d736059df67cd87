/// Why a token was refused. Never shown to clients, who only see "Could not validate credentials".
enum TokenError: Error, Equatable {
    case malformed
    case wrongAlgorithm
    case forbiddenHeader
    case invalidSignatureOrClaims
    case wrongType
    case wrongIssuer
    case wrongAudience
}
