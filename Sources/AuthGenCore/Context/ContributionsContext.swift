/// The context lists the framework's templates print at their named insertion points: every enabled plugin's
/// settings and the rendered text of its `insert:` templates.
extension RenderContext {
    /// One setting of an enabled plugin, in each form the framework's templates print it.
    package struct PluginSettingValue: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .string("plugin", "The plugin that declares it, e.g. `audit-log`."),
            .string("envName", "The environment variable, e.g. `AUDIT_LOG_RETENTION_DAYS`."),
            .string("property", "The property of the generated `Settings`, e.g. `auditLogRetentionDays`."),
            .string("description", "One line from `plugin.yaml`: the README row and the `.env.example` comment."),
            .string("swiftType", "`Int`, `Bool`, `String`, or `String?` for a secret."),
            .string("defaultLiteral", "The default as a Swift literal (`nil` for a secret): the spec's option value when the setting names an `option`."),
            .string("envDefault", "The default as written in `.env.example` and the README (empty for a secret)."),
            .string("composeValue", "Its value in `docker-compose.yml`: `${NAME:-default}`, or `${NAME:?set NAME in .env}` for a secret."),
            .bool("isInt", "An `int` setting (range-checked at start-up)."),
            .bool("isBool", "A `bool` setting."),
            .bool("isString", "A `string` setting that is not secret."),
            .bool("secret", "A secret `string`: no default, never printed, required in production."),
            .string("rangeLiteral", "An `int` setting's range as a Swift literal, e.g. `1...3650`; empty otherwise."),
            .string("rangeText", "The range for people, e.g. `1–3650`; empty otherwise."),
            .bool("hasRange", "An `int` setting: it has a range."),
            .bool("hasTestValue", "The setting declares a `test_value`: the value the server's own tests run with."),
            .string("testLiteral", "The `test_value` as a Swift literal; empty without one."),
        ]

        package var plugin: String
        package var envName: String
        package var property: String
        package var description: String
        package var swiftType: String
        package var defaultLiteral: String
        package var envDefault: String
        package var composeValue: String
        package var isInt: Bool
        package var isBool: Bool
        package var isString: Bool
        package var secret: Bool
        package var rangeLiteral: String
        package var rangeText: String
        package var hasRange: Bool
        package var hasTestValue: Bool
        package var testLiteral: String
    }

    /// The rendered `insert:` templates of the enabled plugins, by insertion point, in plugin order.
    package struct Insertions: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .list("readmeRoutes", of: Text.self, "Rows of the README's route table (`insert: readme_routes`)."),
            .list("readmeSections", of: Text.self, "README sections, printed before `## Docker` (`insert: readme_section`)."),
            .list("readmeSecurity", of: Text.self, "Items of the README's Security list (`insert: readme_security`)."),
            .list("smokeSteps", of: Text.self, "Steps appended to the smoke scenario (`insert: smoke_steps`)."),
        ]

        package var readmeRoutes: [Text] = []
        package var readmeSections: [Text] = []
        package var readmeSecurity: [Text] = []
        package var smokeSteps: [Text] = []

        package init() {}

        /// One plugin's rendered insertion, without its trailing line breaks (the framework prints it on a line of its own).
        package struct Text: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("plugin", "The plugin whose template it is."),
                .string("text", "The rendered text; print it with `{{{text}}}` on a line of its own."),
            ]

            package var plugin: String
            package var text: String
        }
    }
}

extension ContextBuilder {
    /// The settings of `plugins` (enabled, in render order) as the framework's templates print them. `options`:
    /// the plugins' option values (`RenderContext.plugins`), for a setting whose default is an option.
    /// An option value outside an `int` setting's range is an error at the setting. `context`: the context of the spec,
    /// for a setting whose default is a context key (`context_default`); a key it lacks, or of another type, is an error.
    package static func pluginSettings(
        of plugins: [Plugin], options: [String: [String: JSONValue]], context: JSONValue = .object([:])
    ) throws(DiagnosticsError) -> [RenderContext.PluginSettingValue] {
        var result: [RenderContext.PluginSettingValue] = []
        var problems: [Diagnostic] = []
        for plugin in plugins {
            for setting in plugin.manifest.settings {
                var value = setting.defaultValue
                if let option = setting.option { value = options[plugin.name]?[option] }
                if let key = setting.contextDefault {
                    value = context.value(at: key)
                    let matches: Bool = switch (setting.type, value) {
                    case (.int, .int?), (.bool, .bool?), (.string, .string?): true
                    default: false
                    }
                    guard matches else {
                        let problem: String
                        if value == nil {
                            let hint = NearestName.suggestion(for: key, among: context.paths).map { "; did you mean '\($0)'?" } ?? ""
                            problem = "names unknown context key '\(key)'\(hint)"
                        } else {
                            problem = "names context key '\(key)', which is not \(setting.type == .int ? "an" : "a") \(setting.type.rawValue)"
                        }
                        problems.append(.error("setting \(setting.name): context_default \(problem)", at: setting.location))
                        continue
                    }
                }
                if case .int(let number)? = value, let minimum = setting.minimum, let maximum = setting.maximum,
                   !(minimum...maximum).contains(number) {
                    problems.append(.error(
                        "setting \(setting.name): \(setting.option.map { "option '\($0)'" } ?? "context key '\(setting.contextDefault ?? "")'") is \(number), outside \(minimum)...\(maximum)",
                        at: setting.location))
                    continue
                }
                let defaultLiteral: String, envDefault: String
                switch value {
                case .int(let number)?: (defaultLiteral, envDefault) = (String(number), String(number))
                case .bool(let flag)?: (defaultLiteral, envDefault) = (String(flag), String(flag))
                case .string(let text)?: (defaultLiteral, envDefault) = (Naming.swiftLiteral(text), text)
                default: (defaultLiteral, envDefault) = ("nil", "")
                }
                let range = setting.minimum.flatMap { low in setting.maximum.map { (low, $0) } }
                result.append(.init(
                    plugin: plugin.name,
                    envName: setting.name,
                    property: setting.property,
                    description: setting.description,
                    swiftType: setting.secret ? "String?" : ["int": "Int", "bool": "Bool", "string": "String"][setting.type.rawValue]!,
                    defaultLiteral: defaultLiteral,
                    envDefault: envDefault,
                    composeValue: setting.secret
                        ? "${\(setting.name):?set \(setting.name) in .env}"
                        : "\"${\(setting.name):-\(envDefault)}\"",
                    isInt: setting.type == .int,
                    isBool: setting.type == .bool,
                    isString: setting.type == .string && !setting.secret,
                    secret: setting.secret,
                    rangeLiteral: range.map { "\(SettingRange.grouped($0.0))...\(SettingRange.grouped($0.1))" } ?? "",
                    rangeText: range.map { "\($0.0)–\($0.1)" } ?? "",
                    hasRange: range != nil,
                    hasTestValue: setting.testValue != nil,
                    testLiteral: Self.swiftLiteral(setting.testValue)
                ))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return result
    }

    /// The `insert:` templates of `plugins`, each rendered with its plugin's scope (`options.<name>`) in `context`.
    /// A setting value as a Swift literal; empty for none.
    static func swiftLiteral(_ value: JSONValue?) -> String {
        switch value {
        case .int(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        case .string(let text)?: Naming.swiftLiteral(text)
        default: ""
        }
    }

    package static func insertions(of plugins: [Plugin], in context: JSONValue) throws(DiagnosticsError) -> RenderContext.Insertions {
        var result = RenderContext.Insertions()
        for plugin in plugins {
            for insertion in plugin.manifest.insertions {
                let text = try plugin.templateText(insertion.template, requestedAt: insertion.location)
                let file = plugin.templateFiles[insertion.template].map(DisplayPath.of) ?? insertion.template
                var rendered = try Renderer.parse(text, file: file).render(Renderer.scope(of: plugin, in: context).mustacheObject)
                while rendered.hasSuffix("\n") { rendered.removeLast() }
                let entry = RenderContext.Insertions.Text(plugin: plugin.name, text: rendered)
                switch insertion.point {
                case .readmeRoutes: result.readmeRoutes.append(entry)
                case .readmeSection: result.readmeSections.append(entry)
                case .readmeSecurity: result.readmeSecurity.append(entry)
                case .smokeSteps: result.smokeSteps.append(entry)
                }
            }
        }
        return result
    }
}
