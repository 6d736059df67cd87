@testable import AuthGenCore
import Foundation
import Testing

@Suite("plugin.yaml: server_extensions")
struct ServerExtensionManifestTests {
    private func manifest(_ extensions: String) throws(DiagnosticsError) -> PluginManifest {
        try PluginManifestLoader.parse("""
            name: demo
            kind: feature
            enabled_when: hasResources
            server_extensions: \(extensions)
            files: []
            """, file: "demo/plugin.yaml")
    }

    private func problems(_ extensions: String) -> [String] {
        do {
            _ = try manifest(extensions)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func readsTypeNamesWithTheirPlaces() throws {
        let entries = try manifest("[AuditLogExtension, Metrics2]").serverExtensions
        #expect(entries.map(\.typeName) == ["AuditLogExtension", "Metrics2"])
        #expect(entries.map(\.location.line) == [4, 4] && entries.map(\.location.column) == [21, 40])
        #expect(try manifest("[]").serverExtensions.isEmpty)
    }

    @Test func absentMeansNone() throws {
        let plain = try PluginManifestLoader.parse("name: demo\nkind: framework\nfiles: []\n", file: "demo/plugin.yaml")
        #expect(plain.serverExtensions.isEmpty)
    }

    @Test func badValuesAreErrorsAtTheirPlace() {
        #expect(problems("AuditLogExtension") == [
            "demo/plugin.yaml:4:20: error: 'server_extensions' must be a list of Swift type names, e.g. [AuditLogExtension]",
        ])
        #expect(problems("[auditLog, Audit-Log, Audit, Audit]") == [
            "demo/plugin.yaml:4:21: error: server_extensions: 'auditLog' is not a Swift type name; write an upper-case letter, then letters and digits (e.g. AuditLogExtension)",
            "demo/plugin.yaml:4:31: error: server_extensions: 'Audit-Log' is not a Swift type name; write an upper-case letter, then letters and digits (e.g. AuditLogExtension)",
            "demo/plugin.yaml:4:49: error: server_extensions: 'Audit' is listed twice (first at 4:42); keep one",
        ])
        #expect(problems("[{name: A}]").first?.hasPrefix("demo/plugin.yaml:4:21: error: server_extensions: this entry is not") == true)
    }

    @Test func aMisspeltKeyGetsTheNearestName() {
        #expect {
            try PluginManifestLoader.parse("name: demo\nkind: framework\nserver_extension: [A]\nfiles: []\n", file: "demo/plugin.yaml")
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
                "demo/plugin.yaml:3:1: error: unknown key 'server_extension' in plugin manifest; did you mean 'server_extensions'?",
            ]
        }
    }
}

@Suite("Context: server extensions")
struct ServerExtensionContextTests {
    private func plugin(_ name: String, _ types: [String], line: Int) -> Plugin {
        let manifest = PluginManifest(
            name: name, description: "", kind: .feature, enabledWhen: nil, files: [], smoke: nil,
            serverExtensions: types.enumerated().map { index, type in
                ServerExtensionEntry(typeName: type, location: SourceLocation(file: "\(name)/plugin.yaml", line: line, column: 21 + index * 10))
            },
            location: SourceLocation(file: "\(name)/plugin.yaml", line: 1, column: 1))
        return Plugin(manifest: manifest, templateFiles: [:], overridden: [:], folders: [])
    }

    @Test func listedInPluginOrderWithLastMarked() throws {
        let list = try ContextBuilder.serverExtensions(of: [plugin("a", ["First", "Second"], line: 4), plugin("b", [], line: 4), plugin("c", ["Third"], line: 5)])
        #expect(list == [
            .init(typeName: "First", plugin: "a", last: false),
            .init(typeName: "Second", plugin: "a", last: false),
            .init(typeName: "Third", plugin: "c", last: true),
        ])
        #expect(try ContextBuilder.serverExtensions(of: [plugin("a", [], line: 4)]).isEmpty)
    }

    @Test func aTypeTwoPluginsContributeIsAnErrorAtTheSecond() {
        #expect {
            try ContextBuilder.serverExtensions(of: [plugin("a", ["Audit"], line: 4), plugin("b", ["Audit"], line: 6)])
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
                "b/plugin.yaml:6:21: error: server extension 'Audit' is also contributed by plugin 'a' (a/plugin.yaml:4:21); rename one of the types",
            ]
        }
    }
}

/// The example third-party plugin `Examples/plugins/audit-log`, rendered into the blog example (no swift build here:
/// `make audit-plugin-check` builds and tests the result).
@Suite("Example plugin: audit-log")
struct AuditLogPluginTests {
    static let templates = Fixtures.repository.appendingPathComponent("Templates")
    static let examplePlugins = Fixtures.repository.appendingPathComponent("Examples/plugins")

    private func render(plugins: [URL], extra: String) throws -> [String: String] {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let blog = try Fixtures.blogSpecWithoutMail()
        let path = try folder.write(blog + extra, to: "blog.yaml").path
        let generator = Generator(pluginFolders: [Self.templates] + plugins, contextBuilder: fixedSecretBuilder)
        let project = try generator.render(try generator.loadSpec(at: path).spec)
        return Dictionary(uniqueKeysWithValues: project.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    @Test func rendersIntoTheBlogExampleWithItsOption() throws {
        let files = try render(plugins: [Self.examplePlugins], extra: "plugins:\n  audit-log:\n    retention_days: 30\n")
        for path in [
            "Sources/App/AuditLog/AuditLogExtension.swift", "Sources/App/AuditLog/AuditLog.swift",
            "Sources/App/AuditLog/AuditLogMiddleware.swift", "Sources/App/AuditLog/Migration+AuditLog.swift",
            "Tests/AppTests/AuditLogTests.swift",
            "Sources/App/Extensions/ServerExtension.swift", "Sources/App/Extensions/ExtensionDatabase.swift",
            "Sources/App/Persistence/SQLite/SQLiteRepository+ExtensionDatabase.swift",
            "Sources/App/Persistence/Postgres/PostgresRepository+ExtensionDatabase.swift",
        ] {
            #expect(files[path] != nil, "missing \(path)")
        }
        #expect(files["Sources/App/Extensions/ServerExtensions.swift"] == """
            /// The server extensions of the plugins this server was generated with, in the order they apply.
            enum ServerExtensions {
                static let all: [any ServerExtension] = [
                    AccountExtension(),
                    APIKeysExtension(),
                    AuditLogExtension(),
                    PasswordChangeExtension(),
                    SessionsExtension(),
                ]
            }

            """)
        // The option is the default of the plugin's setting, which reaches Settings, .env.example and the README.
        #expect(files["Sources/App/Config/Settings+Environment.swift"]?.contains(
            #"self.auditLogRetentionDays = try Self.integer(env, "AUDIT_LOG_RETENTION_DAYS", default: 30, in: 1...3650)"#) == true)
        #expect(files[".env.example"]?.contains("\nAUDIT_LOG_RETENTION_DAYS=30\n") == true)
        #expect(files["README.md"]?.contains("| `AUDIT_LOG_RETENTION_DAYS` | `30` |") == true)
        #expect(files["README.md"]?.contains("## Audit log\n") == true)
        #expect(files["Sources/App/Application+build.swift"]?.contains("serverExtension.register(on: router, services: extensionServices)") == true)
        #expect(files["Sources/App/Persistence/AppRepository.swift"]?.contains(" & ExtensionDatabase & ExtensionUserRepository\n") == true)
        #expect(files["Sources/App/Persistence/Migrations.swift"]?.contains("] + ServerExtensions.all.flatMap(\\.migrations)\n") == true)
    }

    @Test func theDefaultRetentionIsNinetyDays() throws {
        let files = try render(plugins: [Self.examplePlugins], extra: "plugins:\n  audit-log: {}\n")
        #expect(files["Sources/App/Config/Settings.swift"]?.contains("    var auditLogRetentionDays: Int = 90\n") == true)
    }

    @Test func thePluginIsOffUntilTheSpecNamesIt() throws {
        let files = try render(plugins: [Self.examplePlugins], extra: "")
        #expect(files.keys.filter { $0.contains("AuditLog") } == [])
        #expect(files["Sources/App/Extensions/ServerExtensions.swift"]?.contains("AuditLogExtension") == false)
    }

    /// The framework without any feature plugin (the built-in password-change left out of the folder).
    @Test func withoutAnExtensionTheServerHasNoExtensionPoints() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for plugin in ["hummingbird", "docker"] {
            try FileManager.default.copyItem(at: Self.templates.appendingPathComponent(plugin), to: folder.url.appendingPathComponent(plugin))
        }
        let blog = try Fixtures.blogSpecWithoutMail()
        let path = try folder.write(blog, to: "blog.yaml").path
        let generator = Generator(pluginFolders: [folder.url], contextBuilder: fixedSecretBuilder)
        let project = try generator.render(try generator.loadSpec(at: path).spec)
        let files = Dictionary(uniqueKeysWithValues: project.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
        #expect(files["Sources/App/Application+build.swift"] != nil)
        #expect(files.keys.filter { $0.contains("Extension") || $0.contains("AuditLog") } == [])
        for (path, text) in files {
            #expect(!text.contains("ServerExtension") && !text.contains("ExtensionDatabase"), "\(path)")
        }
    }

    @Test func theExamplePluginsLintCleanAndAreListed() throws {
        let report = PluginLinter.lint(folders: [Self.templates, Self.examplePlugins])
        #expect(report.diagnostics.map(\.description) == [])
        let catalog = try PluginCatalog.load(from: [Self.templates, Self.examplePlugins])
        let lines = PluginListing(catalog).lines
        #expect(lines.contains("  server extensions: AuditLogExtension"))
        #expect(lines.contains { $0.hasPrefix("    retention_days (int; default 90)") })
        #expect(lines.contains("  user fields: greeted (bool, default false, existing true)"))
        #expect(lines.contains("    swift-crypto from 4.5.2: Crypto (tests: Crypto)"))
    }
}
