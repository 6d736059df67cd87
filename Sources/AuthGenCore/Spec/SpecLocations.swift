/// Where the spec's resources and fields stand, for the diagnostics of later stages (the model carries no positions).
public struct SpecLocations: Sendable, Equatable {
    public var file: String
    /// The `resources` key.
    public var resourceList: SourceLocation?
    /// Resource name → its entry.
    public var resourcesByName: [String: SourceLocation] = [:]
    /// "resource.field" → the field's key.
    public var fieldsByPath: [String: SourceLocation] = [:]

    public init(file: String) {
        self.file = file
    }

    /// The `resources` key, or the top of the file when the spec has none.
    public func resources() -> SourceLocation {
        resourceList ?? SourceLocation(file: file, line: 1, column: 1)
    }

    public func resource(_ name: String) -> SourceLocation {
        resourcesByName[name] ?? resources()
    }

    public func field(_ field: String, of resource: String) -> SourceLocation {
        fieldsByPath["\(resource).\(field)"] ?? self.resource(resource)
    }
}
