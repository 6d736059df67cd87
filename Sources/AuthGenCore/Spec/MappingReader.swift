import Yams

/// Reads one YAML mapping against its shape in the key table: typed reads by key, and at `finish()`
/// every unknown key (with the nearest known one) and every missing required key.
final class MappingReader {
    let base: SpecNode
    let shape: SpecShape
    let sink: SpecDiagnostics
    private let entries: [(name: String, key: Node, value: Node)]
    private var consumed: Set<String> = []

    /// Reports an error and returns nil when the node is not a mapping.
    init?(_ base: SpecNode, shape: SpecShape, sink: SpecDiagnostics) {
        guard case .mapping(let mapping) = base.node else {
            let place = base.path.isEmpty ? "the spec" : base.path
            sink.error("\(place): expected a mapping of keys (\(shape.names.joined(separator: ", "))), found \(base.kind.found)", at: base.node)
            return nil
        }
        self.base = base
        self.shape = shape
        self.sink = sink
        var entries: [(name: String, key: Node, value: Node)] = []
        for (key, value) in mapping {
            guard case .string(let name) = YAMLNodeKind(key) else {
                sink.error("\(base.path.isEmpty ? "the spec" : base.path): keys must be names, found \(YAMLNodeKind(key).found)", at: key)
                continue
            }
            entries.append((name, key, value))
        }
        self.entries = entries
    }

    var location: SourceLocation { sink.location(of: base.node) }

    /// All keys present, in source order (for mappings whose keys the user chooses).
    var presentEntries: [(name: String, key: Node, value: Node)] { entries }

    func has(_ key: String) -> Bool {
        entries.contains { $0.name == key }
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        entries.first { $0.name == key }.map { sink.location(of: $0.key) }
    }

    /// The value node of `key`, marking the key as known.
    func node(_ key: String) -> SpecNode? {
        let schemaPath = SpecNode.join(base.schemaPath, key)
        sink.noteRead(schemaPath)
        if shape.key(key) == nil { sink.noteUndeclared(schemaPath) }
        consumed.insert(key)
        guard let entry = entries.first(where: { $0.name == key }) else { return nil }
        return SpecNode(node: entry.value, path: SpecNode.join(base.path, key), schemaPath: schemaPath)
    }

    private var scalars: SpecScalarReader { SpecScalarReader(sink: sink) }

    private func declared(_ key: String) -> SpecKeyType? {
        shape.key(key)?.type
    }

    // MARK: Typed reads; the checks come from the key table.

    func string(_ key: String) -> SpecRead<String> {
        guard let node = node(key) else { return .absent }
        if case .string(let format, let nonEmpty)? = declared(key) {
            return scalars.string(node, format: format, nonEmpty: nonEmpty)
        }
        return scalars.string(node, format: nil, nonEmpty: false)
    }

    func integer(_ key: String) -> SpecRead<Int> {
        guard let node = node(key) else { return .absent }
        if case .integer(let minimum, let maximum)? = declared(key) {
            return scalars.integer(node, minimum: minimum, maximum: maximum)
        }
        return scalars.integer(node, minimum: nil, maximum: nil)
    }

    func boolean(_ key: String) -> SpecRead<Bool> {
        guard let node = node(key) else { return .absent }
        return scalars.boolean(node)
    }

    func choice<Value: RawRepresentable>(_ key: String, as type: Value.Type) -> SpecRead<Value> where Value.RawValue == String {
        guard let node = node(key) else { return .absent }
        let allowed: [String]
        if case .choice(let values)? = declared(key) { allowed = values } else { allowed = [] }
        return scalars.choice(node, among: allowed).map { located in
            guard let value = Value(rawValue: located.value) else { return .invalid }
            return .valid(Located(value: value, location: located.location, path: located.path))
        }
    }

    /// A list of scalars; duplicates are errors when the table says the items are unique.
    func stringList(_ key: String) -> SpecRead<[Located<String>]> {
        guard let node = node(key) else { return .absent }
        guard case .sequence(let sequence) = node.node else {
            sink.error("\(node.path): expected a list, found \(node.kind.found)", at: node.node)
            return .invalid
        }
        var itemType: SpecKeyType = .string(format: nil, nonEmpty: false)
        var unique = false
        if case .list(let type, let isUnique)? = declared(key) { itemType = type; unique = isUnique }
        // Items that fail are reported and left out, so that checks across items still run on the others
        // (the spec is not built anyway once an error was reported).
        var items: [Located<String>] = []
        for (index, item) in sequence.enumerated() {
            let itemNode = SpecNode(node: item, path: "\(node.path)[\(index)]", schemaPath: "\(node.schemaPath)[]")
            guard let located = scalars.scalar(itemNode, as: itemType).located else { continue }
            if unique, items.contains(where: { $0.value == located.value }) {
                sink.error("\(itemNode.path): '\(located.value)' is listed twice; list each value once", at: located.location)
                continue
            }
            items.append(located)
        }
        return .valid(Located(value: items, location: sink.location(of: node.node), path: node.path))
    }

    /// A nested mapping with its shape from the table.
    func object(_ key: String) -> SpecRead<MappingReader> {
        guard let node = node(key) else { return .absent }
        guard case .object(let shape)? = declared(key), let reader = MappingReader(node, shape: shape, sink: sink) else { return .invalid }
        return .valid(Located(value: reader, location: reader.location, path: node.path))
    }

    /// A nested mapping, or `off` (also YAML's boolean `off`/`false`): a nil reader means off.
    func objectOrOff(_ key: String) -> SpecRead<MappingReader?> {
        guard let node = node(key) else { return .absent }
        guard case .objectOrOff(let shape)? = declared(key) else { return .invalid }
        switch node.kind {
        case .string("off"), .boolean(false, _):
            return .valid(Located(value: nil, location: sink.location(of: node.node), path: node.path))
        case .mapping:
            guard let reader = MappingReader(node, shape: shape, sink: sink) else { return .invalid }
            return .valid(Located(value: reader, location: reader.location, path: node.path))
        case let kind:
            sink.error(
                "\(node.path): expected a mapping (\(shape.names.joined(separator: ", "))) or 'off', found \(kind.found); e.g. {after: 10, for: 15m}",
                at: node.node)
            return .invalid
        }
    }

    /// A list of mappings with their shape from the table.
    func objectList(_ key: String) -> SpecRead<[MappingReader?]> {
        guard let node = node(key) else { return .absent }
        guard case .objectList(let shape)? = declared(key) else { return .invalid }
        guard case .sequence(let sequence) = node.node else {
            sink.error("\(node.path): expected a list, found \(node.kind.found)", at: node.node)
            return .invalid
        }
        let readers = sequence.enumerated().map { index, item in
            MappingReader(SpecNode(node: item, path: "\(node.path)[\(index)]", schemaPath: "\(node.schemaPath)[]"), shape: shape, sink: sink)
        }
        return .valid(Located(value: readers, location: sink.location(of: node.node), path: node.path))
    }

    /// A mapping from user-chosen names to objects; names are checked against the table's format and reserved names.
    func namedObjects(_ key: String) -> SpecRead<[(name: Located<String>, reader: MappingReader?)]> {
        guard let node = node(key) else { return .absent }
        guard case .namedObjects(let format, let reserved, let shape, let minCount)? = declared(key) else { return .invalid }
        guard case .mapping(let mapping) = node.node else {
            sink.error("\(node.path): expected a mapping from names to their settings (e.g. title: {type: string}), found \(node.kind.found)", at: node.node)
            return .invalid
        }
        if mapping.count < minCount {
            sink.error("\(node.path): needs at least \(minCount) entr\(minCount == 1 ? "y" : "ies"), e.g. 'title: {type: string}'", at: node.node)
            return .invalid
        }
        var result: [(name: Located<String>, reader: MappingReader?)] = []
        var failed = false
        for (keyNode, value) in mapping {
            let location = sink.location(of: keyNode)
            guard case .string(let text) = YAMLNodeKind(keyNode) else {
                sink.error("\(node.path): names must be text, found \(YAMLNodeKind(keyNode).found)", at: location)
                failed = true
                continue
            }
            guard SpecScalarReader.matches(text, format.pattern) else {
                sink.error("\(node.path): '\(YAMLNodeKind.shortened(text))' is not a valid name; use \(format.hint)", at: location)
                failed = true
                continue
            }
            if let maxLength = format.maxLength, text.count > maxLength {
                sink.error("\(node.path): '\(YAMLNodeKind.shortened(text))' is too long (\(text.count) characters); use at most \(maxLength)", at: location)
                failed = true
                continue
            }
            let name = Located(value: text, location: location, path: "\(node.path).\(text)")
            if reserved.contains(name.value) {
                sink.error("\(node.path): '\(name.value)' is a reserved name (\(reservedReason(name.value, of: shape))); choose another name", at: name.location)
                failed = true
                continue
            }
            let reader = MappingReader(SpecNode(node: value, path: "\(node.path).\(name.value)", schemaPath: "\(node.schemaPath).*"), shape: shape, sink: sink)
            result.append((name, reader))
        }
        return failed ? .invalid : .valid(Located(value: result, location: sink.location(of: node.node), path: node.path))
    }

    private func reservedReason(_ name: String, of value: SpecShape) -> String {
        if SpecKeys.generatedColumns.contains(name) { return "every resource already has it" }
        if value.title == SpecKeys.role.title, SpecKeys.accessLevels.contains(name) { return "an access level" }
        if value.title == SpecKeys.role.title, SpecKeys.reservedRoleNames.contains(name) { return "the generated Role type's list of every role" }
        return "a Swift keyword"
    }

    // MARK: Finishing

    /// Reports unknown keys (with the nearest known key) and missing required keys.
    func finish() {
        let known = shape.names
        var suggested: Set<String> = []
        for entry in entries where !consumed.contains(entry.name) {
            if entry.name == "<<" {
                sink.error("YAML merge keys ('<<') are not supported in a spec (\(SpecNode.place(base.path))); "
                               + "write the keys out in full", at: entry.key)
                continue
            }
            let fix: String
            if let suggestion = NearestName.suggestion(for: entry.name, among: known) {
                fix = "; did you mean '\(suggestion)'?"
                suggested.insert(suggestion)
            } else {
                fix = "; known keys: \(known.joined(separator: ", "))"
            }
            sink.error("unknown key '\(entry.name)' \(SpecNode.place(base.path))\(fix)", at: entry.key)
        }
        // A misspelt required key is reported once, as unknown with its suggestion.
        for key in shape.keys where key.required && !has(key.name) && !suggested.contains(key.name) {
            let example = key.name == "version" ? " (add 'version: 1')" : ""
            sink.error("missing required key '\(key.name)' \(SpecNode.place(base.path))\(example)", at: location)
        }
    }
}
