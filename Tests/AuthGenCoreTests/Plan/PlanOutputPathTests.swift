import Foundation
import Testing
@testable import AuthGenCore

@Suite("OutputPath")
struct PlanOutputPathTests {
    @Test("lexically bad paths are refused", arguments: [
        ("", "empty"),
        ("/etc/x", "absolute"),
        ("../x", "'..'"),
        ("a/../../x", "'..'"),
        ("a/..", "'..'"),
        ("./a", "'.' component"),
        ("a/./b", "'.' component"),
        ("a//b", "empty component"),
        ("a/", "empty component"),
        ("a\\b", "backslash"),
        ("a\0b", "NUL"),
        ("a\nb", "control character"),
        (".authgen/manifest.json", "reserved"),
        (".authgen", "reserved"),
        (".AuthGen/x", "reserved"),
        ("a/" + String(repeating: "n", count: 256), "longer than 255 bytes"),
    ])
    func lexical(path: String, why: String) throws {
        let reason = try #require(OutputPath.lexicalProblem(path))
        #expect(reason.contains(why), "\(reason)")
    }

    @Test("ordinary paths are accepted", arguments: [
        "Package.swift", ".env", ".github/workflows/ci.yml", "Sources/App/Models/Post.swift", "a..b/c", "..hidden",
        ".authgenx/file", "data/blog-api.sqlite.keep",
    ])
    func accepted(path: String) {
        #expect(OutputPath.lexicalProblem(path) == nil)
    }

    @Test("the planner refuses escaping paths, naming the path, plugin and template, and writes nothing", arguments: [
        "../x", "/etc/x", "a/../../x", ".authgen/manifest.json",
    ])
    func plannerRefuses(path: String) throws {
        let box = try PlanSandbox()
        let error = try #require(throws: DiagnosticsError.self) {
            try box.plan([planFile("ok.txt", "fine\n"), planFile(path, "evil\n", plugin: "evilplugin", template: "evil.mustache")])
        }
        #expect(error.diagnostics.count == 1)
        let message = error.description
        #expect(message.contains("'\(path)'") && message.contains("plugin 'evilplugin'") && message.contains("template 'evil.mustache'"))
        #expect(!FileManager.default.fileExists(atPath: box.output.path))
        #expect(!FileManager.default.fileExists(atPath: box.root.appendingPathComponent("x").path))
    }

    @Test("a symbolic link in the output leading outside is refused (folder or file)")
    func symlinkOutside() throws {
        let box = try PlanSandbox()
        try FileManager.default.createDirectory(at: box.output, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: box.url("escape"), withDestinationURL: box.outside)
        try FileManager.default.createSymbolicLink(at: box.url("passwd"), withDestinationURL: box.outside.appendingPathComponent("passwd"))
        try Data("original\n".utf8).write(to: box.outside.appendingPathComponent("passwd"))
        let error = try #require(throws: DiagnosticsError.self) {
            try box.plan([planFile("escape/deeper/x.txt", "evil\n"), planFile("passwd", "evil\n")])
        }
        #expect(error.diagnostics.count == 2)
        #expect(error.description.contains("'escape' is a symbolic link to"))
        #expect(error.description.contains("outside the output directory"))
        #expect(error.description.contains("'passwd' is a symbolic link"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.outside.path) == ["passwd"])
        #expect(try String(contentsOf: box.outside.appendingPathComponent("passwd"), encoding: .utf8) == "original\n")
    }

    @Test("a relative symbolic link climbing out, a dangling link, and a link into .authgen are refused")
    func otherLinks() throws {
        let box = try PlanSandbox()
        try box.write("real/a.txt", "x")
        try FileManager.default.createSymbolicLink(atPath: box.url("up").path, withDestinationPath: "real/../..")
        try FileManager.default.createSymbolicLink(atPath: box.url("dangling").path, withDestinationPath: "nowhere/at/all")
        try box.write(".authgen/placeholder", "")
        try FileManager.default.createSymbolicLink(atPath: box.url("meta").path, withDestinationPath: ".authgen")
        #expect(OutputPath.diskProblem("up/outside/x", in: box.output)?.contains("outside the output directory") == true)
        #expect(OutputPath.diskProblem("dangling/x", in: box.output)?.contains("cannot be resolved") == true)
        #expect(OutputPath.diskProblem("meta/manifest.json", in: box.output)?.contains("reserved") == true)
        #expect(OutputPath.diskProblem("real/a.txt", in: box.output) == nil)
        #expect(OutputPath.diskProblem("real/new/deeper.txt", in: box.output) == nil)
    }

    @Test("an output directory that is itself a symbolic link is fine")
    func outputIsALink() throws {
        let box = try PlanSandbox()
        let link = box.root.appendingPathComponent("out-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: box.outside)
        #expect(OutputPath.diskProblem("a/b.txt", in: link) == nil)
        let plan = try Planner.plan(RenderedProject(files: [planFile("a/b.txt", "x\n")]), outputDirectory: link,
                                    previous: nil, generatorVersion: "0.1.0", specHash: "s")
        _ = try Writer.apply(plan)
        #expect(FileManager.default.fileExists(atPath: box.outside.appendingPathComponent("a/b.txt").path))
    }
}
