@testable import AuthGenCore
import Foundation
import Testing

/// Each stage of `Generator` driven alone, from a value of the previous stage's type.
@Suite("Generator: the stages one at a time")
struct GeneratorStageTests {
    private let generator = Generator(pluginFolders: [Fixtures.plugins], contextBuilder: fixedSecretBuilder)

    private func spec(_ extra: String = "") throws -> Spec {
        let result = SpecLoader.parse(fixtureSpecText(extra: extra), file: "spec.yaml",
                                      plugins: try PluginCatalog.load(from: [Fixtures.plugins]).plugins.map(\.manifest))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.spec)
    }

    /// A plugin that is not in any folder: the stages after `resolve` take the plugins they are given.
    private func plugin(_ name: String, in folder: TemporaryFolder, files: [String: String], extensions: [String] = []) throws -> Plugin {
        var manifest = "name: \(name)\nkind: feature\n"
        if !extensions.isEmpty { manifest += "server_extensions: [\(extensions.joined(separator: ", "))]\n" }
        manifest += files.isEmpty ? "files: []\n" : "files:\n" + files.keys.sorted().map { "  - template: \($0)\n" }.joined()
        _ = try folder.write(manifest, to: "\(name)/plugin.yaml")
        for (path, text) in files { _ = try folder.write(text, to: "\(name)/\(path)") }
        return try #require(try PluginCatalog.load(from: [folder.url]).plugins.first)
    }

    @Test func resolveSelectsThePluginsFromTheSpecAlone() throws {
        let plain = try generator.resolve(try spec())
        #expect(plain.plugins.map(\.name) == ["fixture"], "fixture-docker's enabled_when (docker.enabled) is false")
        #expect(plain.serverExtensions.isEmpty)
        let withDocker = try generator.resolve(try spec("docker: {}\n"))
        #expect(withDocker.plugins.map(\.name) == ["fixture", "fixture-docker"])
    }

    @Test func resolveNamesAnUnknownFramework() throws {
        var unknown = try spec()
        unknown.server.framework = "fixtur"
        let error = try #require(throws: DiagnosticsError.self) { try generator.resolve(unknown) }
        #expect(error.description.contains("no framework plugin named 'fixtur' (server.framework); did you mean 'fixture'?"))
    }

    @Test func contextTakesThePluginsAndExtensionsOfTheResolvedSpec() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let audit = try plugin("audit", in: folder, files: [:], extensions: ["AuditExtension"])
        let resolved = ResolvedSpec(spec: try spec(), plugins: [audit], serverExtensions: try ContextBuilder.serverExtensions(of: [audit]))
        let context = try generator.context(for: resolved)
        #expect(context.plugins == ["audit": [:]])
        #expect(context.serverExtensions == [.init(typeName: "AuditExtension", plugin: "audit", last: true)])
        #expect(context.hasServerExtensions)
        let none = try generator.context(for: ResolvedSpec(spec: try spec(), plugins: [], serverExtensions: []))
        #expect(none.plugins.isEmpty && none.serverExtensions.isEmpty && !none.hasServerExtensions)
    }

    @Test func renderPrintsTheContextItIsGiven() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let page = try plugin("page", in: folder, files: ["page.txt.mustache": "{{project.name}}: {{plugins.page.note}}\n"])
        var context = try generator.context(for: ResolvedSpec(spec: try spec(), plugins: [page], serverExtensions: []))
        context.project.name = "renamed-after-the-context-stage"
        context.plugins = ["page": ["note": .string("set by hand")]]
        let project = try generator.render(ResolvedSpec(spec: try spec(), plugins: [page], serverExtensions: []), context: context)
        #expect(project.files.map(\.path) == ["page.txt"])
        #expect(String(decoding: project.files[0].contents, as: UTF8.self) == "renamed-after-the-context-stage: set by hand\n")
    }

    @Test func theStagesInARowEqualTheShortcut() throws {
        let spec = try spec("plugins:\n  fixture: {retries: 7}\n")
        let resolved = try generator.resolve(spec)
        let project = try generator.render(resolved, context: generator.context(for: resolved))
        #expect(project == (try generator.render(spec)))
        #expect(project.files.contains { $0.path == "config/options.txt" && String(decoding: $0.contents, as: UTF8.self).contains("retries: 7") })
    }

    @Test func unresolvedConflictsAreTheirOwnStageAndOtherPlanProblemsThePlanStage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let specPath = try folder.write(fixtureSpecText(), to: "spec.yaml").path
        let output = folder.url.appendingPathComponent("out")
        _ = try generator.generate(specPath: specPath, outputDirectory: output, write: true)

        #expect {
            try generator.generate(specPath: specPath, outputDirectory: output, accept: ["no/such/file"], write: false)
        } throws: { error in
            let failure = error as? GenerationFailure
            return failure?.stage == .plan && failure?.diagnostics.first?.message.hasPrefix("--accept 'no/such/file': no such file") == true
        }

        _ = try folder.write("<<<<<<< yours\nmine\n=======\ntheirs\n>>>>>>> generated now\n", to: "out/README.md")
        #expect {
            try generator.generate(specPath: specPath, outputDirectory: output, write: false)
        } throws: { error in
            let failure = error as? GenerationFailure
            return failure?.stage == .unresolvedConflicts
                && failure?.diagnostics.first?.description.contains("README.md:1:1: error: unresolved conflict") == true
        }
    }

    @Test func aWriteFailureKeepsTheWritersDiagnostics() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let specPath = try folder.write(fixtureSpecText(), to: "spec.yaml").path
        let output = folder.url.appendingPathComponent("out")
        var plan = try generator.generate(specPath: specPath, outputDirectory: output, write: false).plan
        // A plan that the check before the first write refuses: a file outside the output folder.
        plan.files[0].path = "../escaped.txt"
        let error = try #require(throws: WriteError.self) { try Writer.apply(plan) }
        #expect(!error.diagnostics.isEmpty && error.completed.writtenPaths.isEmpty)
    }
}
