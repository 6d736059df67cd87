/// Where the spec's resources and fields stand, for the diagnostics of later stages (the model carries no positions).
package struct SpecLocations: Sendable, Equatable {
    package var file: String
    /// The `resources` key.
    package var resourceList: SourceLocation?
    /// Resource name → its entry.
    package var resourcesByName: [String: SourceLocation] = [:]
    /// "resource.field" → the field's key.
    package var fieldsByPath: [String: SourceLocation] = [:]
    /// The `account.on_delete` key (or the `account` key when it is left out).
    package var accountOnDelete: SourceLocation?

    package init(file: String) {
        self.file = file
    }

    /// The `resources` key, or the top of the file when the spec has none.
    package func resources() -> SourceLocation {
        resourceList ?? SourceLocation(file: file, line: 1, column: 1)
    }

    package func resource(_ name: String) -> SourceLocation {
        resourcesByName[name] ?? resources()
    }

    /// Where the owner columns' deletion rule comes from, or the top of the file.
    package func onDelete() -> SourceLocation {
        accountOnDelete ?? SourceLocation(file: file, line: 1, column: 1)
    }

    package func field(_ field: String, of resource: String) -> SourceLocation {
        fieldsByPath["\(resource).\(field)"] ?? self.resource(resource)
    }
}
