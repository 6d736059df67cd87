/// What a feature plugin contributes to the generated server besides its own files, declared in its `plugin.yaml`
/// (`settings:`, `insert:`) and read by `PluginContributionsReader`. The runtime parts (routes, middleware,
/// migrations, background services, OpenAPI paths and schemas) are the requirements of the generated
/// `ServerExtension` protocol that the plugin's `server_extensions` types implement.
package struct PluginSetting: Sendable, Equatable {
    package enum ValueType: String, Sendable, Equatable, CaseIterable { case int, bool, string }

    /// The environment variable, e.g. `AUDIT_LOG_RETENTION_DAYS`: upper snake case, starting with the plugin's name.
    package var name: String
    package var type: ValueType
    /// The default as written (`default:`), or nil when it comes from an option or the setting is secret.
    package var defaultValue: JSONValue?
    /// `option:`: the plugin option whose value (the spec's, else its default) is the setting's default.
    package var option: String?
    /// `context_default:`: a context key (e.g. `email.transport`) whose value, from the spec, is the setting's default.
    package var contextDefault: String? = nil
    /// `test_value:`: the value `Settings.forTesting` gives it in the server's own tests, where a feature's default
    /// would break what they rely on (e.g. false for a setting that refuses the logins they make); the plugin's own
    /// tests set the values they test.
    package var testValue: JSONValue? = nil
    /// `min`/`max`: the range an `int` setting accepts (both required for `int`).
    package var minimum: Int?
    package var maximum: Int?
    package var description: String
    /// A secret `string`: no default, never printed, required in production.
    package var secret: Bool
    package var location: SourceLocation

    /// `AUDIT_LOG_RETENTION_DAYS` → `auditLogRetentionDays`: the property of the generated `Settings`.
    package var property: String {
        let words = name.lowercased().split(separator: "_").map(String.init)
        guard let first = words.first else { return name }
        return first + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The prefix every setting of `plugin` starts with, so that no two plugins (nor the framework) share a name.
    package static func prefix(of plugin: String) -> String {
        plugin.uppercased().replacingOccurrences(of: "-", with: "_") + "_"
    }
}

/// A named insertion point of the framework's templates that a plugin fills with a small template of its own.
/// `.env.example`, compose `environment:` and the README's settings table need none: the plugin's `settings` reach them.
package struct PluginInsertion: Sendable, Equatable {
    package enum Point: String, Sendable, Equatable, CaseIterable {
        /// Rows of the generated README's route table (`| \`GET /path\` | what it does |`).
        case readmeRoutes = "readme_routes"
        /// A section of the generated README (starting with `## Title`), before `## Docker`.
        case readmeSection = "readme_section"
        /// Items of the README's Security list (`- …` lines).
        case readmeSecurity = "readme_security"
        /// Steps appended to the pipeline's smoke scenario (`  - name: …` entries).
        case smokeSteps = "smoke_steps"
    }

    package var point: Point
    /// Relative to the plugin folder.
    package var template: String
    package var location: SourceLocation
}
