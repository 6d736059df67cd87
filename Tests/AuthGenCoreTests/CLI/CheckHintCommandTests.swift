import Foundation
import Testing

@Suite("generate --check: the command it tells the user to run")
struct CheckHintCommandTests {
    @Test("the hint repeats the output folder and every --plugins folder, quoted for the shell, and running it clears the drift")
    func hintRepeatsThePluginFolders() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try folder.write(fixtureSpecText(), to: "spec.yaml")
        // Two plugin folders, each overriding a template of the fixture plugin; the second has a space in its name.
        _ = try folder.write("first override\n", to: "overrides/fixture/README.md.mustache")
        _ = try folder.write("{{options.greeting}} from the second folder\n", to: "my plugins/fixture/options.txt.mustache")
        let arguments = ["generate", "spec.yaml", "-o", "out", "--plugins", "overrides", "--plugins", "my plugins"]
        #expect(try AuthGenBinary.run(arguments, in: folder.url).status == 0)
        #expect(folder.read("out/config/options.txt") == "hello from the second folder\n")

        _ = try folder.write("second override\n", to: "overrides/fixture/README.md.mustache")
        let check = try AuthGenBinary.run(arguments + ["--check"], in: folder.url)
        #expect(check.status == 1 && check.stdout.contains("update    README.md"))
        let hint = "run: authgen generate spec.yaml -o out --plugins overrides --plugins 'my plugins'"
        #expect(check.stderr.contains(hint), "\(check.stderr)")

        // The command as printed, through a shell, brings the output up to date.
        let command = try #require(check.stderr.components(separatedBy: "run: ").last?.trimmingCharacters(in: .newlines))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "authgen() { \"$AUTHGEN\" \"$@\"; }; " + command]
        shell.currentDirectoryURL = folder.url
        var environment = ProcessInfo.processInfo.environment
        environment["AUTHGEN"] = AuthGenBinary.url.path
        environment["AUTHGEN_TEMPLATES"] = Fixtures.plugins.path
        shell.environment = environment
        shell.standardError = FileHandle.nullDevice
        shell.standardOutput = FileHandle.nullDevice
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(folder.read("out/README.md") == "second override\n")
        #expect(try AuthGenBinary.run(arguments + ["--check"], in: folder.url).status == 0)
    }
}
