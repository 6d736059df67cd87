import Yams

/// Reads the `options:` list of a `plugin.yaml`, reporting every problem at its line and column.
struct PluginOptionsReader {
    static let keys = ["name", "type", "default", "allowed", "description"]
    /// Option names are keys of the render context (`options.<name>`) and of the spec: lower snake case.
    static let namePattern = "^[a-z][a-z0-9_]*$"

    let file: String
    private(set) var problems: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    private func place(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private mutating func error(_ message: String, at node: Node) {
        problems.append(.error(message, at: place(node)))
    }

    mutating func read(_ node: Node) -> [PluginOption] {
        guard let sequence = node.sequence else {
            error("'options' must be a list of entries, each with name, type, default and description", at: node)
            return []
        }
        var options: [PluginOption] = []
        var firstByName: [String: SourceLocation] = [:]
        for item in sequence {
            // Duplicates are found by name, whether or not the entries are otherwise valid.
            if let name = item.mapping?["name"]?.string {
                if let first = firstByName[name] {
                    error("option '\(name)' is declared twice (first at \(first.line):\(first.column)); keep one", at: item)
                    continue
                }
                firstByName[name] = place(item)
            }
            guard let option = readOption(item) else { continue }
            options.append(option)
        }
        return options
    }

    private mutating func readOption(_ item: Node) -> PluginOption? {
        guard let mapping = item.mapping else {
            error("an options entry must be a mapping with name, type, default and description", at: item)
            return nil
        }
        var members: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard Self.keys.contains(name) else {
                let hint = NearestName.suggestion(for: name, among: Self.keys).map { "; did you mean '\($0)'?" }
                    ?? "; known keys: \(Self.keys.joined(separator: ", "))"
                error("unknown key '\(name)' in options entry\(hint)", at: key)
                continue
            }
            members[name] = value
        }
        var valid = true
        func required(_ key: String) -> Node? {
            if members[key] == nil {
                error("options entry needs '\(key)'", at: item)
                valid = false
            }
            return members[key]
        }

        var name = ""
        if let node = required("name") {
            name = node.scalar?.string ?? ""
            if !SpecScalarReader.matches(name, Self.namePattern) {
                error("option name '\(YAMLNodeKind.shortened(name))' is not valid; use lower snake case: a lower-case letter, then lower-case letters, digits or '_' (e.g. retention_days)", at: node)
                valid = false
            }
        }
        var type: PluginOption.ValueType?
        if let node = required("type") {
            let text = node.scalar?.string ?? ""
            type = PluginOption.ValueType(rawValue: text)
            if type == nil {
                let names = PluginOption.ValueType.allCases.map(\.rawValue)
                let hint = NearestName.suggestion(for: text, among: names).map { "did you mean '\($0)'? " } ?? ""
                error("unknown option type '\(YAMLNodeKind.shortened(text))'; \(hint)use one of \(names.joined(separator: ", "))", at: node)
                valid = false
            }
        }
        var description = ""
        if let node = required("description") {
            description = node.scalar?.string ?? ""
            if description.trimmingCharacters(in: .whitespaces).isEmpty {
                error("'description' must be a non-empty string: it is shown by authgen plugins and in the JSON Schema", at: node)
                valid = false
            }
        }
        var allowed: [String]?
        if let node = members["allowed"] {
            allowed = readAllowed(node, type: type)
            if allowed == nil { valid = false }
        }
        let defaultNode = required("default")
        guard valid, let type, let defaultNode else { return nil }
        guard let defaultValue = readDefault(defaultNode, type: type, allowed: allowed) else { return nil }
        return PluginOption(name: name, type: type, defaultValue: defaultValue, allowed: allowed, description: description, location: place(item))
    }

    private mutating func readAllowed(_ node: Node, type: PluginOption.ValueType?) -> [String]? {
        if let type, type != .string {
            error("'allowed' applies only to string options; remove it or make the option's type string", at: node)
            return nil
        }
        guard let sequence = node.sequence, !sequence.isEmpty else {
            error("'allowed' must be a non-empty list of strings (e.g. [json, text])", at: node)
            return nil
        }
        var values: [String] = []
        var valid = true
        for item in sequence {
            guard case .string(let text) = YAMLNodeKind(item), !text.isEmpty else {
                error("'allowed' lists strings, found \(YAMLNodeKind(item).found); put the value in quotes if it is meant as text", at: item)
                valid = false
                continue
            }
            if values.contains(text) {
                error("'\(YAMLNodeKind.shortened(text))' is listed twice in 'allowed'; list each value once", at: item)
                valid = false
                continue
            }
            values.append(text)
        }
        return valid ? values : nil
    }

    /// The default as a spec would write it, checked against the type.
    private mutating func readDefault(_ node: Node, type: PluginOption.ValueType, allowed: [String]?) -> JSONValue? {
        let kind = YAMLNodeKind(node)
        switch (type, kind) {
        case (.string, .string(let text)):
            if let allowed, !allowed.contains(text) {
                error("default '\(YAMLNodeKind.shortened(text))' is not one of the allowed values (\(allowed.joined(separator: ", "))); use one of them or add it to 'allowed'", at: node)
                return nil
            }
            return .string(text)
        case (.int, .integer(let value, _)):
            return .int(value)
        case (.bool, .boolean(let value, _)):
            return .bool(value)
        case (.duration, _):
            guard let text = kind.scalarText, case .string = kind, PluginOption.seconds(of: text) != nil else {
                let shown = kind.scalarText.map { "'\(YAMLNodeKind.shortened($0))'" } ?? kind.found
                error("default \(shown) is not a duration; use \(SpecKeys.duration.hint)", at: node)
                return nil
            }
            return .string(text)
        case (.list, .list):
            var items: [JSONValue] = []
            for item in node.sequence ?? [] {
                guard case .string(let text) = YAMLNodeKind(item) else {
                    error("a list option's default lists strings, found \(YAMLNodeKind(item).found); put the value in quotes if it is meant as text", at: item)
                    return nil
                }
                items.append(.string(text))
            }
            return .array(items)
        default:
            let expected = switch type {
            case .string: "a string"
            case .int: "an integer"
            case .bool: "a boolean (true or false)"
            case .duration: "a duration"
            case .list: "a list of strings (e.g. [] or [a, b])"
            }
            let article = type == .int ? "an" : "a"
            error("default of \(article) \(type.rawValue) option must be \(expected), found \(kind.found)", at: node)
            return nil
        }
    }
}
