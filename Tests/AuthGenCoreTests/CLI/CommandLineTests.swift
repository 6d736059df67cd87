import AuthGenCore
import Foundation
import Testing

/// Runs the built `authgen` binary, as a user would.
struct AuthGenBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("authgen") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    static func run(_ arguments: [String], in directory: URL, templates: URL? = Fixtures.plugins) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["AUTHGEN_TEMPLATES"] = templates?.path
        // Logs a failing pipeline keeps go to the test's own folder, removed with it.
        environment["TMPDIR"] = directory.path
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }
}

@Suite(.serialized) struct CommandLineTests {
    @Test func validateAcceptsTheExamplesAndRejectsABrokenSpecWithStatus2() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let blog = try AuthGenBinary.run(["validate", Fixtures.blogSpec.path], in: folder.url)
        #expect(blog.status == 0 && blog.stdout.contains("valid"))
        _ = try folder.write("version: 1\nproject:\n  name: demo\nauth:\n  jwt:\n    acess_token_ttl: 30m\n", to: "bad.yaml")
        let bad = try AuthGenBinary.run(["validate", "bad.yaml"], in: folder.url)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yaml:6:5: error: unknown key 'acess_token_ttl' in auth.jwt; did you mean 'access_token_ttl'?"))
        let json = try AuthGenBinary.run(["validate", "bad.yaml", "--format", "json"], in: folder.url)
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(json.status == 2 && report?["valid"] as? Bool == false)
        #expect((report?["diagnostics"] as? [Any])?.count == 1)
    }

    @Test func anInvalidSpecWritesNothing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(extra: "  port: 99999\n"), to: "spec.yaml")
        let result = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("spec.yaml:7:9: error:"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("out").path))
    }

    @Test func generateThenRegenerateWritesNothingAndCheckFindsDrift() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(), to: "spec.yaml")
        let dryRun = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--dry-run"], in: folder.url)
        #expect(dryRun.status == 0 && dryRun.stdout.contains("create    Package.swift"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("out").path))

        let first = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(first.status == 0)
        #expect(folder.read("out/Package.swift")?.contains(#"name: "fixture-app""#) == true)
        #expect(folder.read("out/.authgen/manifest.json") != nil)
        let second = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(second.stderr.contains("0 file(s) written"))
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url).status == 0)

        _ = try folder.write(fixtureSpecText(name: "renamed-app"), to: "spec.yaml")
        let drift = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out", "--check"], in: folder.url)
        #expect(drift.status == 1)
        #expect(drift.stdout.contains("update    Package.swift"))
        #expect(!drift.stdout.contains(".env"))
        #expect(folder.read("out/Package.swift")?.contains(#"name: "fixture-app""#) == true)
    }

    @Test func aUserOwnedFileIsCreatedOnceAndNeverTouched() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(), to: "spec.yaml")
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url).status == 0)
        let env = try #require(folder.read("out/.env"))
        #expect(env.hasPrefix("SECRET_KEY=") && env.count == "SECRET_KEY=".count + 64 + 1)
        _ = try folder.write("SECRET_KEY=mine\n", to: "out/.env")
        #expect(try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url).status == 0)
        #expect(folder.read("out/.env") == "SECRET_KEY=mine\n")
    }

    @Test func contextPrintsJSONWithoutTheSecret() throws {
        // The context holds the enabled plugins' options, so it needs the plugins the spec names: here the built-in ones.
        let builtIn = Fixtures.repository.appendingPathComponent("Templates")
        let result = try AuthGenBinary.run(["context", Fixtures.blogSpec.path], in: Fixtures.repository, templates: builtIn)
        #expect(result.status == 0)
        let context = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((context["project"] as? [String: Any])?["name"] as? String == "blog-api")
        #expect((context["plugins"] as? [String: Any]).map { Set($0.keys) } == ["docker", "hummingbird", "password-change", "email", "password-reset", "email-verification", "invitations", "mfa", "account", "sessions", "api-keys"])
        let secret = (context["secrets"] as? [String: Any])?["secretKey"] as? String
        let secretIsHex = secret?.allSatisfy { $0.isHexDigit }
        #expect(secretIsHex == false)
    }

    @Test func schemaIsJSON() throws {
        let result = try AuthGenBinary.run(["schema"], in: Fixtures.repository)
        #expect(result.status == 0)
        let schema = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(schema?["properties"] != nil)
    }

    @Test func initWritesAValidStarterAndRefusesToOverwrite() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(try AuthGenBinary.run(["init"], in: folder.url).status == 0)
        #expect(try AuthGenBinary.run(["validate", "authgen.yaml"], in: folder.url).status == 0)
        let again = try AuthGenBinary.run(["init"], in: folder.url)
        #expect(again.status != 0 && again.stderr.contains("already exists"))
    }

    @Test func pluginsListsFilesConditionsAndOverrides() throws {
        let result = try AuthGenBinary.run(["plugins", "--plugins", Fixtures.overrides.path], in: Fixtures.repository)
        #expect(result.status == 0)
        #expect(result.stdout.contains("fixture (framework, server.framework: fixture)"))
        #expect(result.stdout.contains("fixture-docker (feature, enabled when docker.enabled)"))
        #expect(result.stdout.contains("[when !database.postgres]"))
        #expect(result.stdout.contains("overrides"))
        #expect(result.stdout.contains("    retries (int; default 3): How often a client retries"))
        let json = try AuthGenBinary.run(["plugins", "--plugins", Fixtures.overrides.path, "--format", "json"], in: Fixtures.repository)
        let listing = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let plugins = try #require(listing?["plugins"] as? [[String: Any]])
        #expect(json.status == 0 && plugins.map { $0["name"] as? String } == ["fixture", "fixture-docker"])
        let options = try #require(plugins[0]["options"] as? [[String: Any]])
        #expect(options.first { $0["name"] as? String == "cache_ttl" }?["default"] as? String == "15m")
        let overrides = try #require(plugins[0]["overrides"] as? [[String: Any]])
        #expect(overrides.map { $0["template"] as? String } == ["README.md.mustache"])
        let files = try #require(plugins[0]["files"] as? [[String: Any]])
        #expect(files.first { $0["template"] as? String == "resource.txt.mustache" }?["for_each"] as? String == "resources")
    }

    @Test func pluginOptionsAreCheckedInValidateAndShownByContextAndSchema() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(extra: "plugins:\n  fixture: {greeting: hallo}\n  fixtures: {}\n"), to: "bad.yaml")
        let bad = try AuthGenBinary.run(["validate", "bad.yaml"], in: folder.url)
        #expect(bad.status == 2)
        #expect(bad.stderr == """
            bad.yaml:8:23: error: plugins.fixture.greeting: unknown value 'hallo'; did you mean 'hello'? (allowed: hello, welcome)
            bad.yaml:9:3: error: unknown plugin 'fixtures' in plugins; did you mean 'fixture'?

            """)
        _ = try folder.write(fixtureSpecText(extra: "plugins:\n  fixture: {retries: 9}\n"), to: "good.yaml")
        #expect(try AuthGenBinary.run(["validate", "good.yaml"], in: folder.url).status == 0)
        let context = try AuthGenBinary.run(["context", "good.yaml"], in: folder.url)
        let object = try JSONSerialization.jsonObject(with: Data(context.stdout.utf8)) as? [String: Any]
        let fixture = ((object?["plugins"] as? [String: Any])?["fixture"] as? [String: Any])
        #expect(context.status == 0 && fixture?["retries"] as? Int == 9 && fixture?["greeting"] as? String == "hello")
        let schema = try AuthGenBinary.run(["schema"], in: folder.url)
        #expect(schema.status == 0 && schema.stdout.contains("\"The word config/options.txt greets with\""))
        let generate = try AuthGenBinary.run(["generate", "good.yaml", "-o", "out"], in: folder.url)
        #expect(generate.status == 0)
        #expect(folder.read("out/config/options.txt")?.contains("retries: 9") == true)
    }

    @Test func anUnknownFrameworkIsAPluginErrorWithStatus3() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText().replacingOccurrences(of: "framework: fixture", with: "framework: vapour"), to: "spec.yaml")
        let result = try AuthGenBinary.run(["generate", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(result.status == 3 && result.stderr.contains("no framework plugin named 'vapour'"))
    }

    @Test func pipelineBuildsTestsAndSmokeRunsTheOutput() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(), to: "spec.yaml")
        let result = try AuthGenBinary.run(["pipeline", "spec.yaml", "-o", "out"], in: folder.url)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.map { $0.prefix(14) } == ["ok   generate ", "ok   build    ", "ok   test     ", "ok   smoke    "])
        #expect(lines.last?.contains("echo → whoami") == true)
    }

    @Test func pipelineStopsWithTheFailingStagesStatus() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(), to: "spec.yaml")
        // A template override that does not compile: the build stage fails with status 5.
        _ = try folder.write("let broken: Int = \"not a number\"\n", to: "overrides/fixture/Sources/Server/main.swift.mustache")
        let result = try AuthGenBinary.run(["pipeline", "spec.yaml", "-o", "out", "--plugins", "overrides"], in: folder.url)
        #expect(result.status == 5)
        #expect(result.stdout.contains("FAIL build"))
        #expect(!result.stdout.contains("test "))
    }

    @Test func aFailingSmokeStepExitsWith7AndNeverPrintsTheBody() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(), to: "spec.yaml")
        // The echo answers 201 with a token in its body; expecting 200 makes the smoke stage fail.
        _ = try folder.write("""
            executable: {{project.executableName}}
            arguments: ["$port"]
            environment: {}
            ready: /health
            steps:
              - name: echo
                method: POST
                path: {{server.apiPrefix}}/echo
                json: '{"secret": "do-not-print"}'
                expect: 200
            """, to: "overrides/fixture/smoke.yaml.mustache")
        let result = try AuthGenBinary.run(["pipeline", "spec.yaml", "-o", "out", "--plugins", "overrides"], in: folder.url)
        #expect(result.status == 7)
        #expect(result.stdout.contains("FAIL smoke"))
        #expect(result.stdout.contains("echo: POST /api/echo answered 201, expected 200"))
        #expect(!result.stdout.contains("do-not-print") && !result.stderr.contains("do-not-print"))
    }
}
