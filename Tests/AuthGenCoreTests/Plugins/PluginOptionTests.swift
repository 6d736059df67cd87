@testable import AuthGenCore
import Foundation
import Testing

@Suite struct PluginOptionManifestTests {
    @Test func readsEveryOptionKeyAndType() throws {
        let manifest = try PluginManifestLoader.parse("""
            name: demo
            kind: framework
            files: []
            options:
              - name: format
                type: string
                default: json
                allowed: [json, text]
                description: Log format
              - name: motto
                type: string
                default: ""
                description: Any text
              - name: retention_days
                type: int
                default: 30
                description: Days kept
              - name: enabled
                type: bool
                default: false
                description: On or off
              - name: ttl
                type: duration
                default: 15m
                description: Lifetime
              - name: tags
                type: list
                default: []
                description: Labels
            """, file: "demo/plugin.yaml")
        #expect(manifest.options.map(\.name) == ["format", "motto", "retention_days", "enabled", "ttl", "tags"])
        #expect(manifest.options.map(\.type) == [.string, .string, .int, .bool, .duration, .list])
        #expect(manifest.options.map(\.defaultValue) == [.string("json"), .string(""), .int(30), .bool(false), .string("15m"), .array([])])
        #expect(manifest.options[0].allowed == ["json", "text"] && manifest.options[1].allowed == nil)
        #expect(manifest.options[0].description == "Log format")
        #expect(manifest.options[2].location == SourceLocation(file: "demo/plugin.yaml", line: 14, column: 5))
    }

    @Test func aManifestWithoutOptionsHasNone() throws {
        let manifest = try PluginManifestLoader.parse("name: x\nkind: framework\nfiles: []\n", file: "x/plugin.yaml")
        #expect(manifest.options == [])
    }

    @Test func reportsEveryOptionProblemAtItsPlace() {
        #expect {
            try PluginManifestLoader.parse("""
                name: demo
                kind: framework
                files: []
                options:
                  - name: level
                    type: strng
                    default: info
                    description: Log level
                  - name: retention_days
                    type: int
                    default: thirty
                    description: Days kept
                  - name: format
                    type: string
                    default: xml
                    allowed: [json, text]
                    description: Log format
                  - name: format
                    type: bool
                    default: true
                    description: Again
                  - name: ttl
                    type: duration
                    default: 15min
                    description: Lifetime
                  - name: depth
                    type: int
                    default: 2
                    allowed: [a]
                    descripton: Depth
                  - name: Bad-Name
                    type: list
                    default: [a, 1]
                    description: Labels
                  - just text
                """, file: "demo/plugin.yaml")
        } throws: { error in
            let lines = (error as? DiagnosticsError)?.diagnostics.map(\.description) ?? []
            let expected = [
                "demo/plugin.yaml:6:11: error: unknown option type 'strng'; did you mean 'string'? use one of string, int, bool, duration, list",
                "demo/plugin.yaml:11:14: error: default of an int option must be an integer, found a string 'thirty'",
                "demo/plugin.yaml:15:14: error: default 'xml' is not one of the allowed values (json, text); use one of them or add it to 'allowed'",
                "demo/plugin.yaml:18:5: error: option 'format' is declared twice (first at 13:5); keep one",
                "demo/plugin.yaml:24:14: error: default '15min' is not a duration; use a whole number followed by s, m, h or d (seconds, minutes, hours, days), e.g. 30m or 7d",
                "demo/plugin.yaml:26:5: error: options entry needs 'description'",
                "demo/plugin.yaml:29:14: error: 'allowed' applies only to string options; remove it or make the option's type string",
                "demo/plugin.yaml:30:5: error: unknown key 'descripton' in options entry; did you mean 'description'?",
                "demo/plugin.yaml:31:11: error: option name 'Bad-Name' is not valid; use lower snake case: a lower-case letter, then lower-case letters, digits or '_' (e.g. retention_days)",
                "demo/plugin.yaml:35:5: error: an options entry must be a mapping with name, type, default and description",
            ]
            #expect(lines == expected)
            return lines == expected
        }
    }

    @Test func aListDefaultHoldsStringsAndOptionsMustBeAList() {
        #expect {
            try PluginManifestLoader.parse("""
                name: demo
                kind: framework
                files: []
                options:
                  - {name: tags, type: list, default: [a, 1], description: Labels}
                  - {name: names, type: list, default: a, description: Names}
                """, file: "demo/plugin.yaml")
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
                "demo/plugin.yaml:5:43: error: a list option's default lists strings, found an integer 1; put the value in quotes if it is meant as text",
                "demo/plugin.yaml:6:40: error: default of a list option must be a list of strings (e.g. [] or [a, b]), found a string 'a'",
            ]
        }
        #expect {
            try PluginManifestLoader.parse("name: demo\nkind: framework\nfiles: []\noptions: {a: 1}\n", file: "demo/plugin.yaml")
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description)
                == ["demo/plugin.yaml:4:10: error: 'options' must be a list of entries, each with name, type, default and description"]
        }
    }

    @Test func durationsAreReadLikeTheCoreReadsThem() {
        #expect(PluginOption.seconds(of: "15m") == 900)
        #expect(PluginOption.seconds(of: "7d") == 604_800)
        #expect(PluginOption.seconds(of: "30s") == 30 && PluginOption.seconds(of: "2h") == 7200)
        #expect(PluginOption.seconds(of: "0d") == nil && PluginOption.seconds(of: "15") == nil && PluginOption.seconds(of: "15min") == nil)
        #expect(PluginOption.seconds(of: "99999999999999999999d") == nil)
        let option = PluginOption(name: "ttl", type: .duration, defaultValue: .string("15m"), description: "d", location: SourceLocation(file: "p", line: 1, column: 1))
        #expect(option.contextValue(.string("1h")) == .object(["text": .string("1h"), "seconds": .int(3600)]))
    }
}

/// The fixture plugins' manifests, against which the spec's `plugins` key is checked.
enum PluginOptionFixtures {
    static let invalidSpecs = Fixtures.folder.appendingPathComponent("invalid-plugin-options")

    static var manifests: [PluginManifest] {
        get throws { try PluginCatalog.load(from: [Fixtures.plugins]).plugins.map(\.manifest) }
    }

    static var corpus: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: invalidSpecs.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }

    static func parse(_ text: String, file: String = "spec.yaml") throws -> SpecLoadResult {
        SpecLoader.parse(text, file: file, plugins: try manifests)
    }
}

@Suite("Spec: plugin options")
struct SpecPluginOptionTests {
    @Test("each spec with broken plugin options gives exactly its expected diagnostics and no model", arguments: PluginOptionFixtures.corpus)
    func brokenSpec(name: String) throws {
        let folder = PluginOptionFixtures.invalidSpecs
        let text = try SpecTestFiles.text(folder.appendingPathComponent("\(name).yaml"))
        let expected = (try? SpecTestFiles.text(folder.appendingPathComponent("\(name).expected"))) ?? ""
        let result = try PluginOptionFixtures.parse(text, file: "\(name).yaml")
        let actual = result.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        if let output = ProcessInfo.processInfo.environment["AUTHGEN_SPEC_ACTUAL"] {
            try? Data(actual.utf8).write(to: URL(fileURLWithPath: output).appendingPathComponent("\(name).expected"))
        }
        #expect(actual == expected)
        #expect(result.spec == nil)
    }

    @Test func theCorpusCoversEveryKindOfMistake() {
        #expect(PluginOptionFixtures.corpus.count >= 8)
    }

    @Test func validValuesAreKeptAsWritten() throws {
        let result = try PluginOptionFixtures.parse("""
            version: 1
            project: {name: demo}
            server: {framework: fixture}
            plugins:
              fixture:
                greeting: welcome
                retries: 5
                verbose: true
                cache_ttl: 2h
                tags: [x, "y"]
              fixture-docker: {}
            """)
        #expect(result.diagnostics == [])
        #expect(result.spec?.plugins == [
            "fixture": ["greeting": .string("welcome"), "retries": .int(5), "verbose": .bool(true), "cache_ttl": .string("2h"), "tags": .array([.string("x"), .string("y")])],
            "fixture-docker": [:],
        ])
    }

    @Test("a plugin that exists but that the spec does not enable may be set; its options then have no effect")
    func aPluginNotEnabledMayBeSet() throws {
        let result = try PluginOptionFixtures.parse("version: 1\nproject: {name: demo}\nserver: {framework: fixture}\nplugins: {fixture-docker: {}}\n")
        #expect(result.diagnostics == [] && result.spec?.docker == nil)
    }

    @Test("without the plugins at hand, only the shape is checked and values are kept as written")
    func uncheckedWithoutPlugins() {
        let result = SpecLoader.parse("version: 1\nproject: {name: demo}\nplugins:\n  anything: {a: 1, b: [x, 2], c: 15m}\n", file: "spec.yaml")
        #expect(result.diagnostics == [])
        #expect(result.spec?.plugins == ["anything": ["a": .int(1), "b": .array([.string("x"), .int(2)]), "c": .string("15m")]])
        let broken = SpecLoader.parse("version: 1\nproject: {name: demo}\nplugins:\n  anything: 3\n", file: "spec.yaml")
        #expect(broken.diagnostics.map(\.description) == ["spec.yaml:4:13: error: plugins.anything: expected a mapping of the plugin's options, found an integer 3"])
    }

    @Test("the JSON Schema lists each plugin's options, typed, with defaults, enums and descriptions")
    func schemaListsOptions() throws {
        let catalog = try PluginCatalog.load(from: [Fixtures.plugins])
        let json = try JSONSerialization.jsonObject(with: Data(SpecSchema.jsonSchema(plugins: catalog.plugins).utf8)) as? [String: Any]
        let plugins = try #require((json?["properties"] as? [String: Any])?["plugins"] as? [String: Any])
        #expect(plugins["additionalProperties"] as? Bool == false)
        let properties = try #require(plugins["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["fixture", "fixture-docker"])
        let fixture = try #require(properties["fixture"] as? [String: Any])
        #expect(fixture["additionalProperties"] as? Bool == false)
        let options = try #require(fixture["properties"] as? [String: [String: Any]])
        #expect(options["greeting"]?["enum"] as? [String] == ["hello", "welcome"])
        #expect(options["greeting"]?["default"] as? String == "hello")
        #expect(options["greeting"]?["description"] as? String == "The word config/options.txt greets with")
        #expect(options["retries"]?["type"] as? String == "integer" && options["retries"]?["default"] as? Int == 3)
        #expect(options["verbose"]?["type"] as? String == "boolean")
        #expect(options["cache_ttl"]?["pattern"] as? String == SpecKeys.duration.pattern)
        #expect(options["tags"]?["type"] as? String == "array" && options["tags"]?["default"] as? [String] == ["alpha", "beta"])
        #expect(SpecSchema.jsonSchema(plugins: catalog.plugins) == SpecSchema.jsonSchema(plugins: catalog.plugins))
    }
}

@Suite("Context: plugin options")
struct PluginOptionContextTests {
    private func generator() -> Generator {
        Generator(pluginFolders: [Fixtures.plugins], contextBuilder: fixedSecretBuilder)
    }

    private func spec(_ extra: String) throws -> Spec {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(fixtureSpecText(extra: extra), to: "spec.yaml").path
        return try generator().loadSpec(at: path).spec
    }

    @Test func defaultsAndSpecValuesResolveForEnabledPluginsOnly() throws {
        let resolved = try generator().resolve(try spec("plugins:\n  fixture: {retries: 7, cache_ttl: 1h}\n  fixture-docker: {}\n"))
        let context = try generator().context(for: resolved)
        #expect(resolved.plugins.map(\.name) == ["fixture"])
        #expect(context.plugins == [
            "fixture": [
                "greeting": .string("hello"), "motto": .string("built by authgen"), "retries": .int(7), "verbose": .bool(false),
                "cache_ttl": .object(["text": .string("1h"), "seconds": .int(3600)]), "tags": .array([.string("alpha"), .string("beta")]),
                "greetingLiteral": .string(#""hello""#), "mottoLiteral": .string(#""built by authgen""#), "retriesLiteral": .string("7"),
                "verboseLiteral": .string("false"), "cache_ttlLiteral": .string("3600"), "tagsLiteral": .string(#"["alpha", "beta"]"#),
            ],
        ], "fixture-docker is not enabled without a docker section")
        let printed = try JSONValue(encoding: try generator().printableContext(for: try spec("")))
        #expect(printed.value(at: "plugins.fixture.retries") == .int(3))
    }

    @Test func templatesSeeTheirOptionsAndEveryEnabledPluginsOptions() throws {
        let project = try generator().render(try spec("plugins:\n  fixture: {greeting: welcome, tags: [one], cache_ttl: 2m}\n"))
        let file = try #require(project.files.first { $0.path == "config/options.txt" })
        #expect(String(decoding: file.contents, as: UTF8.self) == """
            welcome, fixture-app: built by authgen
            retries: 3 (also plugins.fixture.retries: 3)
            cache: 2m = 120 seconds
            tag: one

            """)
        #expect(!project.files.contains { $0.path == "config/verbose.txt" })
    }

    @Test("an option's Swift-literal form reads back as the value, whatever quotes, backslashes or lines it holds")
    func literalFormsAreSafeSwift() throws {
        let written = "Say \"hi\" \\ to\nall"
        let context = try generator().context(for: try generator().resolve(try spec("plugins:\n  fixture: {motto: 'Say \"hi\" \\ to', tags: ['a\"b']}\n")))
        #expect(context.plugins["fixture"]?["mottoLiteral"] == .string(#""Say \"hi\" \\ to""#))
        #expect(context.plugins["fixture"]?["tagsLiteral"] == .string(#"["a\"b"]"#))
        let option = PluginOption(name: "message", type: .string, defaultValue: .string(""), description: "d", location: .init(file: "p", line: 1, column: 1))
        #expect(option.swiftLiteral(.string(written)) == #""Say \"hi\" \\ to\nall""#)
    }

    @Test("plugin names with '-' work in template paths")
    func dashedPluginNamesInTemplates() throws {
        let context = JSONValue.object(["plugins": .object(["audit-log": .object(["retention_days": .int(30)])])])
        let template = try Renderer.parse("{{plugins.audit-log.retention_days}}", file: "t.mustache")
        #expect(template.render(context.mustacheObject) == "30")
    }

    @Test func aFileConditionMayNameAnOption() throws {
        let project = try generator().render(try spec("plugins:\n  fixture: {verbose: true}\n"))
        #expect(project.files.contains { $0.path == "config/verbose.txt" })
    }

    @Test func theGeneratorChecksPluginOptionsInTheSpecStage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(fixtureSpecText(extra: "plugins:\n  fixture: {retrys: 2}\n"), to: "spec.yaml").path
        #expect {
            try generator().loadSpec(at: path)
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description)
                == ["\(path):8:13: error: unknown key 'retrys' in plugins.fixture; did you mean 'retries'?"]
        }
        #expect(generator().checkSpec(at: path).diagnostics.count == 1)
    }
}

@Suite struct PluginListingTests {
    @Test func listsOptionsFilesConditionsAndOverrides() throws {
        let listing = PluginListing(try PluginCatalog.load(from: [Fixtures.plugins, Fixtures.overrides]))
        #expect(listing.plugins.map(\.name) == ["fixture", "fixture-docker"])
        let fixture = listing.plugins[0]
        #expect(fixture.enabledWhen == "server.framework: fixture")
        #expect(fixture.options.first { $0.name == "greeting" } == .init(
            name: "greeting", type: "string", defaultValue: .string("hello"), allowed: ["hello", "welcome"],
            description: "The word config/options.txt greets with", declaredAt: "\(DisplayPath.of(Fixtures.plugins.appendingPathComponent("fixture/plugin.yaml").path)):25:5"))
        let resource = try #require(fixture.files.first { $0.template == "resource.txt.mustache" })
        #expect(resource.forEach == "resources" && resource.output == "resources/{{plural}}.txt" && resource.owner == "generator")
        #expect(fixture.files.first { $0.template == "env.mustache" }.map { $0.owner == "user" && $0.secret } == true)
        #expect(fixture.overrides.map(\.template) == ["README.md.mustache"])
        #expect(fixture.overrides.first?.source.hasSuffix("overrides/fixture/README.md.mustache") == true)
        #expect(fixture.overrides.first?.replaces.first?.hasSuffix("plugins/fixture/README.md.mustache") == true)
        let lines = listing.lines
        #expect(lines.contains("fixture-docker (feature, enabled when docker.enabled): A feature plugin, rendered only when the spec has a docker section"))
        #expect(lines.contains("    greeting (string; default hello; one of hello, welcome): The word config/options.txt greets with"))
        #expect(lines.contains("    tags (list; default [alpha, beta]): Labels, one per line in config/options.txt"))
        #expect(lines.contains("    config/verbose.txt  ← verbose.txt  [when options.verbose]"))
        #expect(lines.contains("    resources/{{plural}}.txt  ← resource.txt.mustache  [for each of resources]"))
        #expect(lines.contains { $0.hasSuffix("overrides/fixture/README.md.mustache overrides \(fixture.overrides[0].replaces[0])") })
        #expect(lines.contains("  options: none"))
    }
}
