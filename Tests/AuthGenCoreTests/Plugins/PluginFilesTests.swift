@testable import AuthGenCore
import Foundation
import Testing

@Suite("Plugins: the file list comes from the folder")
struct PluginFilesTests {
    private let context = JSONValue.object(["project": .object(["name": .string("demo")]), "ready": .bool(false)])

    private func render(_ folders: [URL]) throws -> [String: Data] {
        let catalog = try PluginCatalog.load(from: folders)
        let project = try Renderer.render(catalog.plugins, context: context)
        return Dictionary(uniqueKeysWithValues: project.files.map { ($0.path, $0.contents) })
    }

    @Test("every file of the folder is output: a .mustache file rendered, any other copied byte for byte")
    func plainFilesAndTemplates() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("name: app\nkind: framework\nsmoke: smoke.yaml.mustache\n", to: "app/plugin.yaml")
        _ = try folder.write("Hello {{project.name}}\n", to: "app/hello.txt.mustache")
        _ = try folder.write("let template = \"{{project.name}}\"\n", to: "app/Sources/Raw.swift")
        _ = try folder.write("steps: []\n", to: "app/smoke.yaml.mustache")
        _ = try folder.write("ignored\n", to: "app/.DS_Store")
        let binary = Data([0x00, 0xFF, 0x7B, 0x7B, 0xC3, 0x28, 0x0A])
        try binary.write(to: folder.url.appendingPathComponent("app/logo.bin"))

        let files = try render([folder.url])
        #expect(files.keys.sorted() == ["Sources/Raw.swift", "hello.txt", "logo.bin"], "not the manifest, the smoke scenario or hidden files")
        #expect(files["hello.txt"] == Data("Hello demo\n".utf8))
        #expect(files["Sources/Raw.swift"] == Data("let template = \"{{project.name}}\"\n".utf8), "a plain file's tags are text")
        #expect(files["logo.bin"] == binary, "bytes that are not UTF-8 pass unchanged")
    }

    @Test("plugin.yaml names only files that need something; its entries may name a plain file")
    func entriesOnlyForSpecialFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("""
            name: app
            kind: framework
            files:
              - template: gitignore
                output: .gitignore
              - template: later.txt
                when: ready
            """, to: "app/plugin.yaml")
        _ = try folder.write("*.tmp\n", to: "app/gitignore")
        _ = try folder.write("not yet\n", to: "app/later.txt")
        _ = try folder.write("always\n", to: "app/always.txt")
        let files = try render([folder.url])
        #expect(files.keys.sorted() == [".gitignore", "always.txt"])
        let manifest = try #require(try PluginCatalog.load(from: [folder.url])["app"]?.manifest)
        #expect(manifest.files.map(\.template) == ["gitignore", "later.txt", "always.txt"])
        #expect(manifest.files.map(\.isPlain) == [false, false, true])
    }

    @Test("a --plugins folder overrides a built-in file at the same path, template or plain, either way round")
    func overridesAcrossKinds() throws {
        let builtIn = try TemporaryFolder(), mine = try TemporaryFolder()
        defer { builtIn.remove(); mine.remove() }
        _ = try builtIn.write("name: app\nkind: framework\nfiles:\n  - template: Config.swift.mustache\n    when: \"!ready\"\n", to: "app/plugin.yaml")
        _ = try builtIn.write("// {{project.name}}\n", to: "app/Config.swift.mustache")
        _ = try builtIn.write("plain built-in\n", to: "app/Notes.md")
        _ = try mine.write("// mine, plain\n", to: "app/Config.swift")
        _ = try mine.write("notes of {{project.name}}\n", to: "app/Notes.md.mustache")

        let files = try render([builtIn.url, mine.url])
        #expect(files["Config.swift"] == Data("// mine, plain\n".utf8), "the entry's condition still applies to the file that replaced its template")
        #expect(files["Notes.md"] == Data("notes of demo\n".utf8))
        let plugin = try #require(try PluginCatalog.load(from: [builtIn.url, mine.url])["app"])
        #expect(plugin.overridden.keys.sorted() == ["Config.swift", "Notes.md.mustache"])
        #expect(plugin.templateFiles["Config.swift.mustache"] == nil && plugin.templateFiles["Notes.md"] == nil)
    }

    @Test("a template and a plain file at the same path in one folder are an error naming both")
    func clashInOneFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("name: app\nkind: framework\n", to: "app/plugin.yaml")
        _ = try folder.write("{{project.name}}\n", to: "app/README.md.mustache")
        let plain = try folder.write("readme\n", to: "app/README.md")
        #expect {
            try PluginCatalog.load(from: [folder.url])
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description)
                == ["\(DisplayPath.of(plain.path)):1:1: error: 'README.md.mustache' and 'README.md' both render to 'README.md'; keep one"]
        }
    }
}

@Suite("Plugins: a feature plugin's overrides of framework files")
struct PluginOverrideTests {
    private let context = JSONValue.object(["project": .object(["name": .string("demo")])])
    private let builtInReadme = "# {{project.name}}\n"

    /// A framework plugin `app` and feature plugins `extra` and `other`, each replacing app's README.md.mustache.
    private func folders(recorded: String? = nil) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        _ = try folder.write("name: app\nkind: framework\n", to: "app/plugin.yaml")
        _ = try folder.write(builtInReadme, to: "app/README.md.mustache")
        _ = try folder.write("main\n", to: "app/main.txt")
        let hash = recorded ?? SHA256.hexDigest(of: Data(builtInReadme.utf8))
        for name in ["extra", "other"] {
            _ = try folder.write("name: \(name)\nkind: feature\noverrides:\n  app/README.md.mustache: \(hash)\n", to: "\(name)/plugin.yaml")
            _ = try folder.write("# {{project.name}}, with \(name)\n", to: "\(name)/overrides/app/README.md.mustache")
            _ = try folder.write("\(name)\n", to: "\(name)/\(name).txt")
        }
        return folder
    }

    private func render(_ folder: TemporaryFolder, enabling names: Set<String>) throws -> [String: String] {
        let catalog = try PluginCatalog.load(from: [folder.url])
        let selected = try catalog.selection(framework: "app", context: context, configured: names)
        let project = try Renderer.render(selected, context: context)
        return Dictionary(uniqueKeysWithValues: project.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    @Test("an override applies only while its plugin is enabled, and is not output by the plugin itself")
    func appliesWhileEnabled() throws {
        let folder = try folders()
        defer { folder.remove() }
        #expect(try render(folder, enabling: []) == ["README.md": "# demo\n", "main.txt": "main\n"])
        #expect(try render(folder, enabling: ["extra"]) == ["README.md": "# demo, with extra\n", "main.txt": "main\n", "extra.txt": "extra\n"])
        #expect(PluginListing(try PluginCatalog.load(from: [folder.url])).lines.contains("  replaces while enabled: app/README.md.mustache"))
    }

    @Test("two enabled plugins overriding one file is an error naming both")
    func twoOverridesOfOneFile() throws {
        let folder = try folders()
        defer { folder.remove() }
        #expect {
            try render(folder, enabling: ["extra", "other"])
        } throws: { error in
            let messages = (error as? DiagnosticsError)?.diagnostics.map(\.message) ?? []
            return messages == ["plugins 'extra' and 'other' both override app's 'README.md.mustache'; only one enabled plugin may replace a file"]
        }
    }

    @Test("lint: a changed framework file, and two plugins overriding one file, are warnings; an unrecorded or aimless override is an error")
    func lintOfOverrides() throws {
        let folder = try folders(recorded: String(repeating: "0", count: 64))
        defer { folder.remove() }
        _ = try folder.write("{{project.nam}}\n", to: "extra/overrides/app/main.txt")
        _ = try folder.write("x\n", to: "other/overrides/app/Missing.swift")
        _ = try folder.write("{{projct.name}}\n", to: "other/overrides/app/README.md.mustache")
        let current = SHA256.hexDigest(of: Data(builtInReadme.utf8))
        let report = PluginLinter.lint(try PluginCatalog.load(from: [folder.url]))
        let found = report.diagnostics.map { "\($0.severity): \($0.message)" }
        #expect(found.contains("warning: 'overrides/app/README.md.mustache' was written against another version of \(DisplayPath.of(folder.url.path))/app/README.md.mustache; compare the two, bring the override up to date, then record 'app/README.md.mustache: \(current)'"))
        #expect(found.contains("warning: plugins 'extra' and 'other' both override app's 'README.md.mustache'; they cannot be enabled together"))
        #expect(found.contains { $0.hasPrefix("error: 'overrides/app/main.txt' is not recorded in ") && $0.hasSuffix("add under 'overrides': 'app/main.txt: \(SHA256.hexDigest(of: Data("main\n".utf8)))' (the SHA-256 of the file it replaces)") })
        #expect(found.contains("error: 'overrides/app/Missing.swift' replaces nothing: app has no file 'Missing.swift'"))
        #expect(found.contains("error: '{{projct.name}}' names unknown context key 'projct.name'; did you mean 'project.name'?"), "an override template is checked against the framework's context")
        #expect(!found.contains { $0.contains("project.nam'") }, "a plain override's text is not read for tags")
    }
}

@Suite("Lint: server_extensions")
struct ServerExtensionLintTests {
    @Test("a server_extensions type that no file of the plugin declares is an error at its entry")
    func undeclaredExtensionType() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("name: app\nkind: framework\n", to: "app/plugin.yaml")
        _ = try folder.write("name: extra\nkind: feature\nserver_extensions: [ExtraExtension, Misspelt]\n", to: "extra/plugin.yaml")
        _ = try folder.write("struct ExtraExtension: ServerExtension {}\n", to: "extra/Sources/App/Extra/ExtraExtension.swift")
        let report = PluginLinter.lint(try PluginCatalog.load(from: [folder.url]))
        #expect(report.diagnostics.map(\.description) == [
            "\(DisplayPath.of(folder.url.path))/extra/plugin.yaml:3:37: error: server_extensions: no file of plugin 'extra' declares 'Misspelt'; add `struct Misspelt: ServerExtension` to one of its files, or correct the name",
        ])
    }
}
