/// One option a plugin declares in its `plugin.yaml` (`options:`), set by a spec under `plugins.<plugin>.<name>`.
public struct PluginOption: Sendable, Equatable {
    /// What values the option takes; `duration` is written like the core's durations (`15m`, `7d`).
    public enum ValueType: String, Sendable, Equatable, CaseIterable { case string, int, bool, duration, list }

    public var name: String
    public var type: ValueType
    /// The value used when the spec does not set the option, as a spec would write it and already checked
    /// against `type`: `.string` for string and duration (`"15m"`), `.int`, `.bool`, `.array` of `.string` for list.
    /// (In the render context a duration becomes `{text, seconds}`; see `PluginOptionResolver`.)
    public var defaultValue: JSONValue
    /// The only values a `string` option accepts; `nil` when any string is fine.
    public var allowed: [String]?
    public var description: String
    /// Where the option stands in `plugin.yaml`.
    public var location: SourceLocation

    public init(
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
