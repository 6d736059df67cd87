@testable import AuthGenCore
import Foundation
import Testing

@Suite struct RendererTests {
    func render(_ spec: Spec, folders: [URL] = [Fixtures.plugins]) throws -> RenderedProject {
        try Generator(pluginFolders: folders, contextBuilder: fixedSecretBuilder).render(spec)
    }

    func text(_ project: RenderedProject, _ path: String) -> String? {
        project.files.first { $0.path == path }.map { String(decoding: $0.contents, as: UTF8.self) }
    }

    var spec: Spec {
        Spec(
            project: .init(name: "shop", description: #"Says "hi" & <bye>"#),
            server: .init(framework: "fixture"),
            resources: [
                .init(name: "category", fields: [.init(name: "title", type: .string), .init(name: "rank", type: .int, optional: true)]),
                .init(name: "order_item", fields: [.init(name: "count", type: .int)]),
            ]
        )
    }

    @Test func rendersTextWithoutHTMLEscaping() throws {
        let project = try render(spec)
        let readme = try #require(text(project, "README.md"))
        #expect(readme.contains(#"Says "hi" & <bye>"#))
        #expect(readme.contains(#"Literal: ["http://localhost:3000"]"#))
        #expect(readme.contains("Origins: http://localhost:3000 "))
        #expect(try #require(text(project, "Sources/Server/main.swift")).contains(#"let description = "Says \"hi\" & <bye>""#))
    }

    @Test func conditionsPickFiles() throws {
        var spec = self.spec
        #expect(try render(spec).files.map(\.path).contains("config/sqlite.txt"))
        #expect(try !render(spec).files.map(\.path).contains("config/postgres.txt"))
        spec.database.driver = .postgres
        let paths = try render(spec).files.map(\.path)
        #expect(paths.contains("config/postgres.txt") && !paths.contains("config/sqlite.txt"))
    }

    @Test func forEachRendersOncePerElementWithItsKeysOnTop() throws {
        let project = try render(spec)
        #expect(text(project, "resources/categories.txt") == "Category at /api/categories in shop\ntitle: String, rank: Int?\n")
        #expect(text(project, "resources/order_items.txt") == "OrderItem at /api/order_items in shop\ncount: Int\n")
        var none = spec
        none.resources = []
        #expect(try !render(none).files.contains { $0.path.hasPrefix("resources/") })
    }

    @Test func ownersAndSecretsComeFromTheManifest() throws {
        let env = try #require(try render(spec).files.first { $0.path == ".env" })
        #expect(env.owner == .user && env.isSecret)
        #expect(String(decoding: env.contents, as: UTF8.self) == "SECRET_KEY=\(String(repeating: "ab", count: 32))\n")
    }

    @Test func featurePluginsRenderOnlyWhenTurnedOn() throws {
        var spec = self.spec
        #expect(try !render(spec).files.map(\.path).contains("Dockerfile"))
        spec.docker = .init(builderImage: "swift:6.1-noble", runtimeImage: "ubuntu:noble")
        let project = try render(spec)
        #expect(text(project, "Dockerfile") == "FROM swift:6.1-noble AS build\nFROM ubuntu:noble\n")
        #expect(project.files.first { $0.path == "Dockerfile" }?.plugin == "fixture-docker")
    }

    @Test func overridesReplaceOneTemplate() throws {
        let project = try render(spec, folders: [Fixtures.plugins, Fixtures.overrides])
        #expect(text(project, "README.md") == "# Shop (overridden)\n")
        #expect(text(project, "Package.swift")?.contains(#"name: "shop""#) == true)
    }

    @Test func sameInputsGiveIdenticalBytes() throws {
        #expect(try render(spec) == render(spec))
    }

    @Test func templateErrorsAndClashingOutputsAreReportedWithTheirPlace() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write("""
            name: broken
            kind: framework
            files:
              - template: a.mustache
              - template: b.mustache
                output: a
              - template: c.mustache
                when: database.postgrs
            """, to: "broken/plugin.yaml")
        _ = try folder.write("ok {{project.name}}\n", to: "broken/a.mustache")
        _ = try folder.write("line one\n{{#open}} never closed\n", to: "broken/b.mustache")
        _ = try folder.write("c\n", to: "broken/c.mustache")
        var spec = self.spec
        spec.server.framework = "broken"
        #expect {
            try render(spec, folders: [folder.url])
        } throws: { error in
            let messages = (error as? DiagnosticsError)?.diagnostics.map(\.description) ?? []
            return messages.count == 2
                && messages[0].hasSuffix("b.mustache:3:1: error: template syntax: a section is never closed: add {{/name}} for each {{#name}} or {{^name}}")
                && messages[1].hasSuffix("plugin.yaml:8:11: error: condition 'database.postgrs' names unknown context key 'database.postgrs'; did you mean 'database.postgres'?")
        }
    }

    /// A template without a tag is not parsed: its text is the rendering.
    @Test func tagFreeTemplatesRenderToTheirTextAsMustacheWould() throws {
        let text = "struct A {\n    let b = \"c\" // & < >\n}\n"
        guard case .text = try Renderer.parse(text, file: "A.swift.mustache") else {
            Issue.record("a template without a tag was parsed")
            return
        }
        #expect(try Renderer.parse(text, file: "A.swift.mustache").render(["unused": true])
            == Renderer.parseMustache(text, file: "A.swift.mustache").render(["unused": true]))
    }

    /// The built-in plugins' plain files are copied as they are: each renders to the same bytes through Mustache, so
    /// turning the tag-free templates into plain files changed no output.
    @Test func builtInPlainFilesAreWhatMustacheWouldRender() throws {
        let templates = Fixtures.repository.appendingPathComponent("Templates")
        let files = try #require(FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension != "mustache" && $0.lastPathComponent != "plugin.yaml" && $0.deletingLastPathComponent() != templates }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("{{"), "\(file.lastPathComponent) holds a tag but is copied as it is")
            #expect(try Renderer.parseMustache(text, file: file.lastPathComponent).render(["unused": true]) == text, "\(file.lastPathComponent)")
        }
        #expect(files.count > 100)
    }
}
