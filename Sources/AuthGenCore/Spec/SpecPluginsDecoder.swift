import Yams

/// Decodes the top-level `plugins` key: plugin name → that plugin's options.
///
/// With the plugins found (`declared`), each plugin's options are read against a shape built from its manifest,
/// so they get exactly the checks and messages of core keys: unknown plugin or option (with the nearest name),
/// wrong type, a value outside `allowed`, a malformed duration. A plugin that exists but that the spec does not
/// enable may be set (its options then have no effect); a plugin that no folder holds is an error.
/// Without the plugins (`declared == nil`, e.g. a spec checked on its own) only the shape is checked and the values
/// are kept as written; `Generator.checkSpec` reads the spec again with the plugins.
struct SpecPluginsDecoder {
    let sink: SpecDiagnostics
    /// Plugin name → its manifest; nil when the plugins are not known.
    let declared: [String: PluginManifest]?

    /// The shape of one plugin's options, as the key table would declare them.
    static func shape(of manifest: PluginManifest) -> SpecShape {
        SpecShape("plugins.\(manifest.name)", manifest.options.map { option in
            SpecKey(option.name, option.specKeyType, option.description, default: option.defaultValue)
        })
    }

    func decode(_ node: SpecNode) -> SpecRead<[String: [String: JSONValue]]> {
        guard case .mapping(let mapping) = node.node else {
            sink.error("\(node.path): expected a mapping from plugin names to their options (e.g. audit-log: {retention_days: 30}), found \(node.kind.found)", at: node.node)
            return .invalid
        }
        var result: [String: [String: JSONValue]] = [:]
        var failed = false
        for (keyNode, value) in mapping {
            guard case .string(let name) = YAMLNodeKind(keyNode) else {
                sink.error("\(node.path): plugin names must be text, found \(YAMLNodeKind(keyNode).found)", at: keyNode)
                failed = true
                continue
            }
            let pluginNode = SpecNode(node: value, path: "\(node.path).\(name)", schemaPath: "\(node.schemaPath).\(name)")
            let options: [String: JSONValue]?
            if let declared {
                guard let manifest = declared[name] else {
                    let known = declared.keys.sorted()
                    let fix = NearestName.suggestion(for: name, among: known).map { "; did you mean '\($0)'?" }
                        ?? "; plugins found: \(known.isEmpty ? "none" : known.joined(separator: ", ")) (pass the folder that holds it with --plugins)"
                    sink.error("unknown plugin '\(YAMLNodeKind.shortened(name))' in plugins\(fix)", at: keyNode)
                    failed = true
                    continue
                }
                options = decodeOptions(pluginNode, manifest: manifest)
            } else {
                options = decodeUnchecked(pluginNode)
            }
            guard let options else {
                failed = true
                continue
            }
            result[name] = options
        }
        return failed ? .invalid : .valid(Located(value: result, location: sink.location(of: node.node), path: node.path))
    }

    /// One plugin's options, read against the plugin's declarations.
    private func decodeOptions(_ node: SpecNode, manifest: PluginManifest) -> [String: JSONValue]? {
        if manifest.options.isEmpty {
            guard case .mapping(let mapping) = node.node else {
                sink.error("\(node.path): plugin '\(manifest.name)' declares no options; remove \(node.path)", at: node.node)
                return nil
            }
            for (key, _) in mapping {
                sink.error("unknown key '\(YAMLNodeKind(key).scalarText ?? "")' in \(node.path); plugin '\(manifest.name)' declares no options", at: key)
            }
            return mapping.isEmpty ? [:] : nil
        }
        guard let reader = MappingReader(node, shape: Self.shape(of: manifest), sink: sink) else { return nil }
        let scalars = SpecScalarReader(sink: sink)
        var values: [String: JSONValue] = [:]
        var failed = false
        for option in manifest.options {
            let read: SpecRead<JSONValue>
            switch option.type {
            case .list:
                read = reader.stringList(option.name).map { .valid(Located(value: .array($0.value.map { .string($0.value) }), location: $0.location, path: $0.path)) }
            default:
                guard let valueNode = reader.node(option.name) else { continue }
                read = Self.scalar(valueNode, option: option, reader: scalars)
            }
            switch read {
            case .absent: break
            case .invalid: failed = true
            case .valid(let located): values[option.name] = located.value
            }
        }
        reader.finish()
        return failed ? nil : values
    }

    private static func scalar(_ node: SpecNode, option: PluginOption, reader: SpecScalarReader) -> SpecRead<JSONValue> {
        func wrap<Value>(_ read: SpecRead<Value>, _ transform: (Value) -> JSONValue) -> SpecRead<JSONValue> {
            read.map { .valid(Located(value: transform($0.value), location: $0.location, path: $0.path)) }
        }
        switch option.specKeyType {
        case .choice(let allowed): return wrap(reader.choice(node, among: allowed), JSONValue.string)
        case .string(let format, let nonEmpty):
            let text = reader.string(node, format: format, nonEmpty: nonEmpty)
            if option.type == .duration, let located = text.located, PluginOption.seconds(of: located.value) == nil {
                reader.sink.error("\(node.path): '\(located.value)' is too large; use a smaller number or a larger unit", at: located.location)
                return .invalid
            }
            return wrap(text, JSONValue.string)
        case .integer(let minimum, let maximum): return wrap(reader.integer(node, minimum: minimum, maximum: maximum), JSONValue.int)
        default: return wrap(reader.boolean(node), JSONValue.bool)
        }
    }

    /// One plugin's options kept as written, when the plugins are not known: only the shape is checked.
    private func decodeUnchecked(_ node: SpecNode) -> [String: JSONValue]? {
        guard case .mapping(let mapping) = node.node else {
            sink.error("\(node.path): expected a mapping of the plugin's options, found \(node.kind.found)", at: node.node)
            return nil
        }
        var values: [String: JSONValue] = [:]
        for (key, value) in mapping {
            guard case .string(let name) = YAMLNodeKind(key) else {
                sink.error("\(node.path): option names must be text, found \(YAMLNodeKind(key).found)", at: key)
                return nil
            }
            values[name] = Self.asWritten(value)
        }
        return values
    }

    private static func asWritten(_ node: Node) -> JSONValue {
        switch YAMLNodeKind(node) {
        case .string(let text), .timestamp(let text): .string(text)
        case .integer(let value, _): .int(value)
        case .number(let value, _): .double(value)
        case .boolean(let value, _): .bool(value)
        case .null: .null
        case .list: .array(node.sequence.map { $0.map(asWritten) } ?? [])
        case .mapping: .object([:])
        }
    }
}
