import Yams

/// Reads the contribution keys of a `plugin.yaml` (`settings:` and `insert:`), reporting every problem at its line
/// and column.
struct PluginContributionsReader {
    static let topKeys = ["settings", "insert"]
    static let settingKeys = ["name", "type", "default", "option", "context_default", "test_value", "min", "max", "description", "secret"]
    static let namePattern = "^[A-Z][A-Z0-9_]*$"

    let file: String
    /// The plugin's name (settings start with its prefix) and options (a setting's `option:` names one).
    let plugin: String
    let options: [PluginOption]
    private(set) var problems: [Diagnostic] = []

    init(file: String, plugin: String, options: [PluginOption]) {
        self.file = file
        self.plugin = plugin
        self.options = options
    }

    private func place(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private mutating func error(_ message: String, at node: Node) {
        problems.append(.error(message, at: place(node)))
    }

    // MARK: settings

    mutating func readSettings(_ node: Node) -> [PluginSetting] {
        guard let sequence = node.sequence else {
            error("'settings' must be a list of entries, each with name, type, default (or option) and description", at: node)
            return []
        }
        var settings: [PluginSetting] = []
        for item in sequence {
            guard let setting = readSetting(item) else { continue }
            if let first = settings.first(where: { $0.name == setting.name }) {
                error("setting '\(setting.name)' is declared twice (first at \(first.location.line):\(first.location.column)); keep one", at: item)
                continue
            }
            settings.append(setting)
        }
        return settings
    }

    private mutating func readSetting(_ item: Node) -> PluginSetting? {
        guard let mapping = item.mapping else {
            error("a settings entry must be a mapping with name, type, default (or option) and description", at: item)
            return nil
        }
        var members: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard Self.settingKeys.contains(name) else {
                let hint = NearestName.suggestion(for: name, among: Self.settingKeys).map { "; did you mean '\($0)'?" }
                    ?? "; known keys: \(Self.settingKeys.joined(separator: ", "))"
                error("unknown key '\(name)' in settings entry\(hint)", at: key)
                continue
            }
            members[name] = value
        }
        var valid = true
        let prefix = PluginSetting.prefix(of: plugin)

        var name = ""
        if let node = members["name"] {
            name = node.scalar?.string ?? ""
            if !SpecScalarReader.matches(name, Self.namePattern) || !name.hasPrefix(prefix) || name == prefix {
                error("setting name '\(YAMLNodeKind.shortened(name))' is not valid; use upper snake case starting with the plugin's name, e.g. \(prefix)RETENTION_DAYS", at: node)
                valid = false
            }
        } else {
            error("settings entry needs 'name'", at: item)
            valid = false
        }
        var type: PluginSetting.ValueType?
        if let node = members["type"] {
            type = node.scalar.flatMap { PluginSetting.ValueType(rawValue: $0.string) }
            if type == nil {
                error("setting type '\(node.scalar?.string ?? "")' is unknown; use \(PluginSetting.ValueType.allCases.map(\.rawValue).joined(separator: ", "))", at: node)
                valid = false
            }
        } else {
            error("settings entry needs 'type'", at: item)
            valid = false
        }
        var description = ""
        if let node = members["description"], let text = node.scalar?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            description = text
            if text.contains("|") || text.contains("\n") {
                error("a setting's description is one line without '|' (it is printed in a Markdown table and a comment)", at: node)
                valid = false
            }
        } else {
            error("setting '\(name)' needs a 'description': one line saying what it changes (it is printed in .env.example and the README)", at: members["description"] ?? item)
            valid = false
        }
        var secret = false
        if let node = members["secret"] {
            if let flag = node.scalar.flatMap({ Bool.construct(from: $0) }) {
                secret = flag
            } else {
                error("'secret' must be true or false", at: node)
                valid = false
            }
        }
        func integer(_ key: String) -> Int? {
            guard let node = members[key] else { return nil }
            guard let number = node.scalar.flatMap({ Int.construct(from: $0) }) else {
                error("'\(key)' must be a whole number", at: node)
                valid = false
                return nil
            }
            return number
        }
        let minimum = integer("min"), maximum = integer("max")
        var defaultValue: JSONValue?
        var option: String?
        var contextDefault: String?
        let defaultSources = ["default", "option", "context_default"].filter { members[$0] != nil }
        if let type {
            if secret {
                if type != .string { error("only a string setting can be secret", at: members["secret"] ?? item); valid = false }
                if let node = members["default"] ?? members["option"] ?? members["context_default"] {
                    error("a secret setting has no default: it is set in the environment (and required in production)", at: node)
                    valid = false
                }
            } else if defaultSources.count > 1, let node = members[defaultSources[1]] {
                error("give one of 'default', 'option' or 'context_default', not \(defaultSources.map { "'\($0)'" }.joined(separator: " and "))", at: node)
                valid = false
            } else if let node = members["context_default"] {
                // The key is looked up when generating, in the context of the spec (a `PluginSettingValue` error if absent).
                contextDefault = node.scalar?.string ?? ""
                if !SpecScalarReader.matches(contextDefault ?? "", "^[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*$") {
                    error("context_default must name a context key, e.g. email.transport", at: node)
                    valid = false
                } else if contextDefault == "secrets" || contextDefault?.hasPrefix("secrets.") == true {
                    error("context_default cannot name a secret: a setting's default is printed in .env.example, compose and the README", at: node)
                    valid = false
                }
            } else if let node = members["default"] {
                defaultValue = value(node, as: type)
                if defaultValue == nil { error("default must be \(Self.article(type)) \(type.rawValue)", at: node); valid = false }
            } else if let node = members["option"] {
                let optionName = node.scalar?.string ?? ""
                if let declared = options.first(where: { $0.name == optionName }) {
                    let matches = (declared.type == .int && type == .int) || (declared.type == .bool && type == .bool)
                        || (declared.type == .string && type == .string)
                    if matches {
                        option = optionName
                    } else {
                        error("option '\(optionName)' is \(Self.article(declared.type.rawValue)) \(declared.type.rawValue), not \(Self.article(type)) \(type.rawValue)", at: node)
                        valid = false
                    }
                } else {
                    let hint = NearestName.suggestion(for: optionName, among: options.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    error("setting '\(name)' names unknown option '\(optionName)'\(hint)", at: node)
                    valid = false
                }
            } else {
                error("setting '\(name)' needs a 'default' (or 'option': the plugin option that gives it, or 'context_default': the context key that does)", at: item)
                valid = false
            }
            if type == .int {
                if let minimum, let maximum {
                    if minimum > maximum { error("min \(minimum) is above max \(maximum)", at: members["min"] ?? item); valid = false }
                    if case .int(let number)? = defaultValue, !(minimum...maximum).contains(number) {
                        error("default \(number) is outside min...max (\(minimum)...\(maximum))", at: members["default"] ?? item)
                        valid = false
                    }
                } else {
                    error("an int setting needs 'min' and 'max': the range the server checks at start-up", at: item)
                    valid = false
                }
            } else if let node = members["min"] ?? members["max"] {
                error("'min' and 'max' are for int settings", at: node)
                valid = false
            }
        }
        var testValue: JSONValue?
        if let node = members["test_value"], let type {
            testValue = value(node, as: type)
            if testValue == nil {
                error("test_value must be \(Self.article(type)) \(type.rawValue)", at: node)
                valid = false
            } else if case .int(let number)? = testValue, let minimum, let maximum, !(minimum...maximum).contains(number) {
                error("test_value \(number) is outside min...max (\(minimum)...\(maximum))", at: node)
                valid = false
            }
        }
        guard valid, let type else { return nil }
        return PluginSetting(
            name: name, type: type, defaultValue: defaultValue, option: option, contextDefault: contextDefault,
            testValue: testValue, minimum: minimum, maximum: maximum, description: description, secret: secret,
            location: place(item))
    }

    private func value(_ node: Node, as type: PluginSetting.ValueType) -> JSONValue? {
        guard let scalar = node.scalar else { return nil }
        switch type {
        case .int: return Int.construct(from: scalar).map(JSONValue.int)
        case .bool: return Bool.construct(from: scalar).map(JSONValue.bool)
        case .string: return .string(scalar.string)
        }
    }

    private static func article(_ type: PluginSetting.ValueType) -> String { article(type.rawValue) }
    private static func article(_ word: String) -> String { word.first.map { "aeiou".contains($0) } == true ? "an" : "a" }

    // MARK: insert

    mutating func readInsertions(_ node: Node) -> [PluginInsertion] {
        let points = PluginInsertion.Point.allCases.map(\.rawValue)
        guard let mapping = node.mapping else {
            error("'insert' must map insertion points (\(points.joined(separator: ", "))) to templates of the plugin", at: node)
            return []
        }
        var result: [PluginInsertion] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard let point = PluginInsertion.Point(rawValue: name) else {
                let hint = NearestName.suggestion(for: name, among: points).map { "; did you mean '\($0)'?" } ?? "; known points: \(points.joined(separator: ", "))"
                error("unknown insertion point '\(name)'\(hint)", at: key)
                continue
            }
            guard let template = value.scalar?.string, !template.isEmpty else {
                error("insert.\(name) must name a template of the plugin, e.g. Inserts/\(name).mustache", at: value)
                continue
            }
            result.append(PluginInsertion(point: point, template: template, location: place(value)))
        }
        return result
    }
}
