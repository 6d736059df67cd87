/// What the OpenAPI document needs to know about one resource; each controller has one.
struct ResourceDescription: Sendable {
    /// `Post`: names the schemas and the 404 message.
    let typeName: String
    /// `posts`, under the API prefix.
    let pathSegment: String
    let owned: Bool
    /// An owned item outlives its author's account (`author_id` null then).
    var authorOptional = false
    let access: ResourceAccess
    let fields: [FieldDescription]
}

struct FieldDescription: Sendable {
    let name: String
    let type: FieldType
    let optional: Bool
    let defaultValue: JSONValue?

    /// A create body must carry it.
    var required: Bool { !self.optional && self.defaultValue == nil }
}
