@testable import AuthGenCore
import Foundation
import Testing

@Suite struct PluginManifestTests {
    @Test func readsEveryKey() throws {
        let manifest = try PluginManifestLoader.parse("""
            name: demo
            description: A demo
            kind: framework
            files:
              - template: a.swift.mustache
              - template: b.mustache
                output: "out/{{typeName}}.txt"
                when: "!database.postgres"
                for_each: resources
                owner: user
                secret: true
            smoke: smoke.yaml.mustache
            """, file: "demo/plugin.yaml")
        #expect(manifest.name == "demo" && manifest.kind == .framework && manifest.smoke == "smoke.yaml.mustache")
        #expect(manifest.files[0].output == "a.swift")
        #expect(manifest.files[0].owner == .generator && manifest.files[0].when == nil)
        let second = manifest.files[1]
        #expect(second.output == "out/{{typeName}}.txt" && second.forEach == "resources" && second.owner == .user && second.secret)
        #expect(second.when?.key == "database.postgres" && second.when?.negated == true)
        #expect(second.location.line == 6 && second.location.column == 5)
    }

    @Test func reportsEveryProblemWithItsPlace() {
        #expect {
            try PluginManifestLoader.parse("""
                name: demo
                kind: framwork
                files:
                  - template: a.mustache
                    ownr: user
                  - output: b.txt
                """, file: "demo/plugin.yaml")
        } throws: { error in
            let lines = (error as? DiagnosticsError)?.diagnostics.map(\.description) ?? []
            return lines == [
                "demo/plugin.yaml:2:7: error: unknown plugin kind 'framwork'; use framework or feature",
                "demo/plugin.yaml:5:5: error: unknown key 'ownr' in files entry; did you mean 'owner'?",
                "demo/plugin.yaml:6:5: error: files entry needs 'template'",
            ]
        }
    }

    @Test func yamlErrorsAreReportedAtTheirPlace() {
        #expect {
            try PluginManifestLoader.parse("name: demo\nkind: framework\nname: again\nfiles: []\n", file: "demo/plugin.yaml")
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description)
                == ["demo/plugin.yaml:3:1: error: duplicate key 'name'; it is already defined at 1:1, keep only one"]
        }
        #expect {
            try PluginManifestLoader.parse("name: demo\n---\nkind: framework\n", file: "demo/plugin.yaml")
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.first?.message.contains("a plugin manifest is a single YAML document") == true
        }
        #expect {
            try PluginManifestLoader.parse("\n# nothing\n", file: "demo/plugin.yaml")
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description)
                == ["demo/plugin.yaml:1:1: error: plugin manifest is empty; it needs at least 'name' and 'kind'"]
        }
    }
}

@Suite struct PluginCatalogTests {
    @Test func loadsBuiltInFixturePlugins() throws {
        let catalog = try PluginCatalog.load(from: [Fixtures.plugins])
        #expect(catalog.plugins.map(\.name) == ["fixture", "fixture-docker"])
        let fixture = try #require(catalog["fixture"])
        #expect(fixture.templateFiles["Package.swift.mustache"] != nil)
        #expect(fixture.templateFiles["plugin.yaml"] == nil)
    }

    @Test func aLaterFolderOverridesOneTemplate() throws {
        let catalog = try PluginCatalog.load(from: [Fixtures.plugins, Fixtures.overrides])
        let fixture = try #require(catalog["fixture"])
        #expect(fixture.templateFiles["README.md.mustache"]?.hasPrefix(Fixtures.overrides.path) == true)
        #expect(fixture.templateFiles["Package.swift.mustache"]?.hasPrefix(Fixtures.plugins.path) == true)
        #expect(fixture.overridden["README.md.mustache"]?.count == 1)
        #expect(fixture.folders.count == 2)
    }

    @Test func overridingAPluginThatDoesNotExistIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("x", to: "nosuch/a.mustache")
        #expect(throws: DiagnosticsError.self) { try PluginCatalog.load(from: [Fixtures.plugins, folder.url]) }
    }

    @Test func selectsTheFrameworkAndTheFeaturesTheSpecTurnsOn() throws {
        let catalog = try PluginCatalog.load(from: [Fixtures.plugins])
        var spec = Spec(project: .init(name: "demo"), server: .init(framework: "fixture"))
        var context = try JSONValue(encoding: fixedSecretBuilder.build(spec))
        #expect(try catalog.selection(framework: "fixture", context: context).map(\.name) == ["fixture"])
        spec.docker = .init()
        context = try JSONValue(encoding: fixedSecretBuilder.build(spec))
        #expect(try catalog.selection(framework: "fixture", context: context).map(\.name) == ["fixture", "fixture-docker"])
    }

    @Test func aFeatureWithoutEnabledWhenIsOnWhenTheSpecNamesIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("name: extra\nkind: feature\nfiles:\n  - template: extra.txt.mustache\n", to: "extra/plugin.yaml")
        _ = try folder.write("extra\n", to: "extra/extra.txt.mustache")
        let catalog = try PluginCatalog.load(from: [Fixtures.plugins, folder.url])
        let context = try JSONValue(encoding: fixedSecretBuilder.build(Spec(project: .init(name: "demo"), server: .init(framework: "fixture"))))
        #expect(try catalog.selection(framework: "fixture", context: context).map(\.name) == ["fixture"])
        #expect(try catalog.selection(framework: "fixture", context: context, configured: ["extra"]).map(\.name) == ["fixture", "extra"])
    }

    @Test func anUnknownFrameworkNamesTheNearestOne() throws {
        let catalog = try PluginCatalog.load(from: [Fixtures.plugins])
        let context = try JSONValue(encoding: fixedSecretBuilder.build(Spec(project: .init(name: "demo"))))
        #expect {
            try catalog.selection(framework: "fixtur", context: context)
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.first?.message == "no framework plugin named 'fixtur' (server.framework); did you mean 'fixture'? available: fixture"
        }
    }
}

@Suite struct ConditionTests {
    let context = JSONValue.object([
        "database": .object(["postgres": .bool(false), "driver": .string("sqlite")]),
        "resources": .array([]),
    ])
    let place = SourceLocation(file: "p/plugin.yaml", line: 3, column: 11)

    @Test func flagsAndNegations() throws {
        #expect(try Condition(parsing: "database.postgres", at: place).evaluate(in: context) == false)
        #expect(try Condition(parsing: "!database.postgres", at: place).evaluate(in: context) == true)
        #expect(try Condition(parsing: "resources", at: place).evaluate(in: context) == false)
    }

    @Test func unknownKeyOrNonFlagIsAnError() {
        #expect {
            try Condition(parsing: "database.postgress", at: place).evaluate(in: context)
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.first?.description
                == "p/plugin.yaml:3:11: error: condition 'database.postgress' names unknown context key 'database.postgress'; did you mean 'database.postgres'?"
        }
        #expect(throws: DiagnosticsError.self) { try Condition(parsing: "database.driver", at: place).evaluate(in: context) }
    }
}
