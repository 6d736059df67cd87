/// The scopes a key may hold: one per action of each resource of the spec, `<resource>:<action>`, as the resource
/// routes ask for them.
enum APIKeyScopes {
    static let all: [String] = [
        "post:list", "post:read", "post:create", "post:update", "post:delete",
    ]
}
