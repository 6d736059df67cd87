/// One option a plugin declares in its `plugin.yaml` (`options:`), set by a spec under `plugins.<plugin>.<name>`.
package struct PluginOption: Sendable, Equatable {
    /// What values the option takes; `duration` is written like the core's durations (`15m`, `7d`).
    package enum ValueType: String, Sendable, Equatable, CaseIterable { case string, int, bool, duration, list }

    package var name: String
    package var type: ValueType
    /// The value used when the spec does not set the option, as a spec would write it and already checked
    /// against `type`: `.string` for string and duration (`"15m"`), `.int`, `.bool`, `.array` of `.string` for list.
    /// (In the render context a duration becomes `{text, seconds}`; see `PluginOptionResolver`.)
    package var defaultValue: JSONValue
    /// The only values a `string` option accepts; `nil` when any string is fine.
    package var allowed: [String]?
    package var description: String
    /// Where the option stands in `plugin.yaml`.
    package var location: SourceLocation

    package init(
        name: String, type: ValueType, defaultValue: JSONValue, allowed: [String]? = nil,
        description: String, location: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.allowed = allowed
        self.description = description
        self.location = location
    }
}

extension PluginOption {
    /// The type as the spec's key table knows it: the spec stage reads and checks the value exactly like a core key.
    var specKeyType: SpecKeyType {
        switch type {
        case .string:
            if let allowed { return .choice(allowed) }
            return .string(format: nil, nonEmpty: false)
        case .int: return .integer(minimum: nil, maximum: nil)
        case .bool: return .boolean
        case .duration: return .string(format: SpecKeys.duration, nonEmpty: true)
        case .list: return .list(of: .string(format: nil, nonEmpty: false), unique: false)
        }
    }

    /// A spec value (already checked against `type`) as templates see it: a duration becomes
    /// `{text, seconds}` (`15m` → `{"text": "15m", "seconds": 900}`); every other value stays as it is.
    package func contextValue(_ value: JSONValue) -> JSONValue {
        guard type == .duration, case .string(let text) = value, let seconds = PluginOption.seconds(of: text) else { return value }
        return .object(["text": .string(text), "seconds": .int(seconds)])
    }

    /// The key under which templates find `value` as a Swift literal (`messageLiteral` for `message`).
    package var literalName: String { name + "Literal" }

    /// A spec value (already checked against `type`) as Swift source that reads back as it: a string or a list of
    /// strings is quoted and escaped (`Say "hi"` → `"Say \"hi\""`), a duration is its seconds.
    package func swiftLiteral(_ value: JSONValue) -> String {
        switch value {
        case .string(let text):
            if type == .duration, let seconds = PluginOption.seconds(of: text) { return String(seconds) }
            return Naming.swiftLiteral(text)
        case .array(let items):
            return Naming.swiftArrayLiteral(items.compactMap { if case .string(let text) = $0 { text } else { nil } })
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return "nil"
        }
    }

    /// The seconds of a duration such as `15m` or `7d`; nil when it is not one (or too large).
    package static func seconds(of text: String) -> Int? {
        guard SpecScalarReader.matches(text, SpecKeys.duration.pattern) else { return nil }
        return Duration(parsing: text)?.seconds
    }
}
