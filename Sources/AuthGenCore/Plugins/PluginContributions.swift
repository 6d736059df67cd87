/// What a feature plugin contributes to the generated server besides its own files, declared in its `plugin.yaml`
/// (`settings:`, `insert:`) and read by `PluginContributionsReader`. The runtime parts (routes, middleware,
/// migrations, background services, OpenAPI paths and schemas) are the requirements of the generated
/// `ServerExtension` protocol that the plugin's `server_extensions` types implement.
public struct PluginSetting: Sendable, Equatable {
    public enum ValueType: String, Sendable, Equatable, CaseIterable { case int, bool, string }

    /// The environment variable, e.g. `AUDIT_LOG_RETENTION_DAYS`: upper snake case, starting with the plugin's name.
    public var name: String
    public var type: ValueType
    /// The default as written (`default:`), or nil when it comes from an option or the setting is secret.
    public var defaultValue: JSONValue?
    /// `option:`: the plugin option whose value (the spec's, else its default) is the setting's default.
    public var option: String?
    /// `min`/`max`: the range an `int` setting accepts (both required for `int`).
    public var minimum: Int?
    public var maximum: Int?
    public var description: String
    /// A secret `string`: no default, never printed, required in production.
    public var secret: Bool
    public var location: SourceLocation

    /// `AUDIT_LOG_RETENTION_DAYS` → `auditLogRetentionDays`: the property of the generated `Settings`.
    public var property: String {
        let words = name.lowercased().split(separator: "_").map(String.init)
        guard let first = words.first else { return name }
        return first + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The prefix every setting of `plugin` starts with, so that no two plugins (nor the framework) share a name.
    public static func prefix(of plugin: String) -> String {
        plugin.uppercased().replacingOccurrences(of: "-", with: "_") + "_"
    }
}

/// A named insertion point of the framework's templates that a plugin fills with a small template of its own.
/// `.env.example`, compose `environment:` and the README's settings table need none: the plugin's `settings` reach them.
public struct PluginInsertion: Sendable, Equatable {
    public enum Point: String, Sendable, Equatable, CaseIterable {
        /// Rows of the generated README's route table (`| \`GET /path\` | what it does |`).
        case readmeRoutes = "readme_routes"
        /// A section of the generated README (starting with `## Title`), before `## Docker`.
        case readmeSection = "readme_section"
        /// Items of the README's Security list (`- …` lines).
        case readmeSecurity = "readme_security"
        /// Steps appended to the pipeline's smoke scenario (`  - name: …` entries).
        case smokeSteps = "smoke_steps"
    }

    public var point: Point
    /// Relative to the plugin folder.
    public var template: String
    public var location: SourceLocation
}
