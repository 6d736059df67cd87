@testable import AuthGenCore
import Foundation
import Testing

@Suite("plugin.yaml: settings and insert")
struct PluginContributionsReaderTests {
    private func manifest(_ body: String) throws(DiagnosticsError) -> PluginManifest {
        try PluginManifestLoader.parse("""
            name: audit-log
            kind: feature
            files: []
            options:
              - name: retention_days
                type: int
                default: 90
                description: Days kept
            \(body)
            """, file: "audit-log/plugin.yaml")
    }

    private func problems(_ body: String) -> [String] {
        do {
            _ = try manifest(body)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func readsSettingsOfEveryType() throws {
        let settings = try manifest("""
            settings:
              - name: AUDIT_LOG_RETENTION_DAYS
                type: int
                option: retention_days
                min: 1
                max: 3650
                description: Days an entry is kept
              - name: AUDIT_LOG_ENABLED
                type: bool
                default: true
                description: Records logins
              - name: AUDIT_LOG_WEBHOOK_TOKEN
                type: string
                secret: true
                description: Token of the webhook
            """).settings
        #expect(settings.map(\.name) == ["AUDIT_LOG_RETENTION_DAYS", "AUDIT_LOG_ENABLED", "AUDIT_LOG_WEBHOOK_TOKEN"])
        #expect(settings.map(\.property) == ["auditLogRetentionDays", "auditLogEnabled", "auditLogWebhookToken"])
        #expect(settings[0].option == "retention_days" && settings[0].minimum == 1 && settings[0].maximum == 3650)
        #expect(settings[1].defaultValue == .bool(true))
        #expect(settings[2].secret && settings[2].defaultValue == nil)
        #expect(settings[0].location.line == 10 && settings[0].location.column == 5)
    }

    @Test func aSettingWithoutDescriptionOrWithAnUnknownOptionIsAnErrorAtItsPlace() {
        #expect(problems("""
            settings:
              - name: AUDIT_LOG_DAYS
                type: int
                option: retention_day
                min: 1
                max: 9
            """) == [
            "audit-log/plugin.yaml:10:5: error: setting 'AUDIT_LOG_DAYS' needs a 'description': one line saying what it changes (it is printed in .env.example and the README)",
            "audit-log/plugin.yaml:12:13: error: setting 'AUDIT_LOG_DAYS' names unknown option 'retention_day'; did you mean 'retention_days'?",
        ])
    }

    @Test func namesTypesRangesAndSecretsAreChecked() {
        let found = problems("""
            settings:
              - name: RETENTION_DAYS
                type: int
                default: 5
                min: 1
                max: 9
                description: Days
              - name: AUDIT_LOG_LEVEL
                type: float
                default: 1
                description: Level
              - name: AUDIT_LOG_DAYS
                type: int
                default: 50
                min: 1
                max: 9
                description: Days
              - name: AUDIT_LOG_COUNT
                type: int
                default: 5
                description: Count
              - name: AUDIT_LOG_KEY
                type: bool
                secret: true
                description: Key
            """)
        #expect(found == [
            "audit-log/plugin.yaml:10:11: error: setting name 'RETENTION_DAYS' is not valid; use upper snake case starting with the plugin's name, e.g. AUDIT_LOG_RETENTION_DAYS",
            "audit-log/plugin.yaml:17:11: error: setting type 'float' is unknown; use int, bool, string",
            "audit-log/plugin.yaml:22:14: error: default 50 is outside min...max (1...9)",
            "audit-log/plugin.yaml:26:5: error: an int setting needs 'min' and 'max': the range the server checks at start-up",
            "audit-log/plugin.yaml:32:13: error: only a string setting can be secret",
        ])
    }

    @Test func readsInsertionsAndRejectsUnknownPoints() throws {
        let insertions = try manifest("""
            insert:
              readme_section: Inserts/readme.md.mustache
              smoke_steps: Inserts/smoke.yaml.mustache
            """).insertions
        #expect(insertions.map(\.point) == [.readmeSection, .smokeSteps])
        #expect(insertions.map(\.template) == ["Inserts/readme.md.mustache", "Inserts/smoke.yaml.mustache"])
        #expect(problems("insert:\n  readme_sections: x.mustache\n") == [
            "audit-log/plugin.yaml:10:3: error: unknown insertion point 'readme_sections'; did you mean 'readme_section'?",
        ])
    }
}

@Suite("Context: plugin settings and insertions")
struct PluginContributionsContextTests {
    private func plugin(_ settings: [PluginSetting], insertions: [PluginInsertion] = [], templates: [String: String] = [:]) -> Plugin {
        var manifest = PluginManifest(
            name: "audit-log", description: "", kind: .feature, enabledWhen: nil, files: [], smoke: nil,
            location: SourceLocation(file: "audit-log/plugin.yaml", line: 1, column: 1))
        manifest.settings = settings
        manifest.insertions = insertions
        return Plugin(manifest: manifest, templateFiles: templates, overridden: [:], folders: [])
    }

    private func setting(_ name: String, _ type: PluginSetting.ValueType, default value: JSONValue? = nil, option: String? = nil,
                         range: (Int, Int)? = nil, secret: Bool = false) -> PluginSetting {
        PluginSetting(name: name, type: type, defaultValue: value, option: option, minimum: range?.0, maximum: range?.1,
                      description: "What \(name) does", secret: secret,
                      location: SourceLocation(file: "audit-log/plugin.yaml", line: 7, column: 5))
    }

    @Test func settingsTakeTheOptionValueAndEveryPrintedForm() throws {
        let list = try ContextBuilder.pluginSettings(of: [plugin([
            setting("AUDIT_LOG_RETENTION_DAYS", .int, option: "retention_days", range: (1, 604_800)),
            setting("AUDIT_LOG_GREETING", .string, default: .string(#"Say "hi" \ bye"#)),
            setting("AUDIT_LOG_TOKEN", .string, secret: true),
        ])], options: ["audit-log": ["retention_days": .int(30)]])
        #expect(list.map(\.envName) == ["AUDIT_LOG_RETENTION_DAYS", "AUDIT_LOG_GREETING", "AUDIT_LOG_TOKEN"])
        #expect(list[0].defaultLiteral == "30" && list[0].envDefault == "30" && list[0].swiftType == "Int")
        #expect(list[0].rangeLiteral == "1...604_800" && list[0].rangeText == "1–604800" && list[0].isInt && list[0].hasRange)
        #expect(list[0].composeValue == #""${AUDIT_LOG_RETENTION_DAYS:-30}""#)
        #expect(list[1].defaultLiteral == #""Say \"hi\" \\ bye""# && list[1].isString && !list[1].hasRange)
        #expect(list[2].swiftType == "String?" && list[2].defaultLiteral == "nil" && list[2].envDefault == "" && !list[2].isString)
        #expect(list[2].composeValue == "${AUDIT_LOG_TOKEN:?set AUDIT_LOG_TOKEN in .env}")
    }

    @Test func anOptionValueOutsideTheRangeIsAnErrorAtTheSetting() {
        #expect {
            try ContextBuilder.pluginSettings(of: [plugin([setting("AUDIT_LOG_DAYS", .int, option: "days", range: (1, 9))])],
                                              options: ["audit-log": ["days": .int(30)]])
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
                "audit-log/plugin.yaml:7:5: error: setting AUDIT_LOG_DAYS: option 'days' is 30, outside 1...9",
            ]
        }
    }

    @Test func insertionsAreRenderedWithThePluginOptionsByPoint() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("insertions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("readme.md.mustache")
        try "## Audit log\n\nKept {{options.retention_days}} days.\n\n".write(to: file, atomically: true, encoding: .utf8)
        let insertion = PluginInsertion(point: .readmeSection, template: "readme.md.mustache",
                                        location: SourceLocation(file: "audit-log/plugin.yaml", line: 9, column: 19))
        let context: JSONValue = .object(["plugins": .object(["audit-log": .object(["retention_days": .int(30)])])])
        let result = try ContextBuilder.insertions(
            of: [plugin([], insertions: [insertion], templates: ["readme.md.mustache": file.path])], in: context)
        #expect(result.readmeSections == [.init(plugin: "audit-log", text: "## Audit log\n\nKept 30 days.")])
        #expect(result.smokeSteps.isEmpty && result.readmeRoutes.isEmpty)
    }
}
