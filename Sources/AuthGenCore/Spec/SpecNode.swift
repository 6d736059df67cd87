import Yams

/// Collects the diagnostics of one spec, and which key paths the reader consumed.
final class SpecDiagnostics {
    let file: String
    private(set) var items: [Diagnostic] = []
    /// Every dotted key path that was read (list indices and field names replaced by `[]` and `*`).
    private(set) var readPaths: Set<String> = []
    /// Keys read that the key table does not declare: a programming error, checked by tests.
    private(set) var undeclaredReads: [String] = []
    /// Where resources and fields stand, handed to later stages.
    var locations: SpecLocations

    init(file: String) {
        self.file = file
        self.locations = SpecLocations(file: file)
    }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: file, line: max(node.mark?.line ?? 1, 1), column: max(node.mark?.column ?? 1, 1))
    }

    func error(_ message: String, at node: Node) {
        items.append(.error(message, at: location(of: node)))
    }

    func error(_ message: String, at location: SourceLocation) {
        items.append(.error(message, at: location))
    }

    func warning(_ message: String, at location: SourceLocation) {
        items.append(.warning(message, at: location))
    }

    func noteRead(_ schemaPath: String) {
        readPaths.insert(schemaPath)
    }

    func noteUndeclared(_ schemaPath: String) {
        undeclaredReads.append(schemaPath)
    }

    /// Diagnostics in source order (line, then column); ties keep the order they were found in.
    var sorted: [Diagnostic] {
        items.enumerated().sorted { lhs, rhs in
            let l = lhs.element.location, r = rhs.element.location
            let lk = (l?.line ?? 0, l?.column ?? 0), rk = (r?.line ?? 0, r?.column ?? 0)
            return lk != rk ? lk < rk : lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// A value read from the spec with where it came from.
struct Located<Value> {
    let value: Value
    let location: SourceLocation
    /// Dotted key path, e.g. `resources[0].fields.title.type`.
    let path: String
}

/// A YAML node at a key path of the spec.
struct SpecNode {
    let node: Node
    /// Dotted key path for messages, e.g. `resources[0].access`.
    let path: String
    /// Key path for the key table, e.g. `resources[].access`.
    let schemaPath: String

    var kind: YAMLNodeKind { YAMLNodeKind(node) }

    static func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// "in auth.jwt", or "at the top level".
    static func place(_ path: String) -> String {
        path.isEmpty ? "at the top level" : "in \(path)"
    }
}
