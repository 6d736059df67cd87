import Foundation
import Testing
@testable import AuthGenCore

@Suite("GenerationManifest")
struct PlanManifestTests {
    static let sample = GenerationManifest(
        generatorVersion: "0.1.0",
        specHash: planSHA("version: 1\n"),
        files: [
            "Sources/App/main.swift": .init(plugin: "hummingbird", template: "Sources/App/main.swift.mustache",
                                            owner: .generator, sha256: planSHA("main")),
            ".env": .init(plugin: "hummingbird", template: "env.mustache", owner: .user, sha256: planSHA("env")),
            "Package.swift": .init(plugin: "hummingbird", template: "Package.swift.mustache",
                                   owner: .generator, sha256: planSHA("package")),
        ])

    @Test("encode → decode gives back the same manifest")
    func roundTrip() throws {
        let data = Self.sample.encoded()
        let decoded = try GenerationManifest.decode(data, from: URL(fileURLWithPath: "/x/manifest.json"))
        #expect(decoded == Self.sample)
        #expect(try JSONDecoder().decode(GenerationManifest.self, from: data) == Self.sample)
    }

    @Test("encoding is deterministic: insertion order does not matter; sorted keys, no escaped '/', trailing newline")
    func deterministic() throws {
        var reversed = GenerationManifest(generatorVersion: "0.1.0", specHash: Self.sample.specHash)
        for (path, entry) in Self.sample.files.sorted(by: { $0.key > $1.key }) { reversed.files[path] = entry }
        let a = Self.sample.encoded(), b = reversed.encoded()
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("\\/"))
        let env = try #require(text.range(of: "\".env\"")), package = try #require(text.range(of: "\"Package.swift\"")),
            main = try #require(text.range(of: "\"Sources/App/main.swift\""))
        #expect(env.lowerBound < package.lowerBound && package.lowerBound < main.lowerBound)
        let files = try #require(text.range(of: "\"files\"")), version = try #require(text.range(of: "\"generatorVersion\"")),
            spec = try #require(text.range(of: "\"specHash\""))
        #expect(files.lowerBound < version.lowerBound && version.lowerBound < spec.lowerBound)
    }

    @Test("exact bytes of a small manifest (the format is part of the drift check)")
    func golden() {
        let manifest = GenerationManifest(generatorVersion: "0.1.0", specHash: "abc", files: [
            "a/b.txt": .init(plugin: "p", template: "t \"q\"\n", owner: .generator, sha256: "00"),
        ])
        let expected = """
            {
              "files": {
                "a/b.txt": {
                  "owner": "generator",
                  "plugin": "p",
                  "sha256": "00",
                  "template": "t \\"q\\"\\n"
                }
              },
              "generatorVersion": "0.1.0",
              "specHash": "abc"
            }

            """
        #expect(String(decoding: manifest.encoded(), as: UTF8.self) == expected)
        #expect(String(decoding: GenerationManifest(generatorVersion: "1", specHash: "s").encoded(), as: UTF8.self)
            == "{\n  \"files\": {},\n  \"generatorVersion\": \"1\",\n  \"specHash\": \"s\"\n}\n")
    }

    @Test("strings with quotes, control characters and non-ASCII survive a round trip")
    func escaping() throws {
        let manifest = GenerationManifest(generatorVersion: "1 \"beta\" \\ \u{1}\t", specHash: "é ✓", files: [:])
        #expect(try JSONDecoder().decode(GenerationManifest.self, from: manifest.encoded()) == manifest)
    }

    @Test("read: nil when absent, the manifest when present")
    func readFromDisk() throws {
        let box = try PlanSandbox()
        #expect(try GenerationManifest.read(from: box.output) == nil)
        try box.write(GenerationManifest.relativePath, String(decoding: Self.sample.encoded(), as: UTF8.self))
        #expect(try GenerationManifest.read(from: box.output) == Self.sample)
    }

    @Test("a corrupt manifest is an error naming the file and the fix", arguments: [
        ("{ not json", "not valid JSON"),
        ("{\"generatorVersion\": \"1\", \"specHash\": \"x\"}", "'files' is missing"),
        ("{\"generatorVersion\": \"1\", \"specHash\": \"x\", \"files\": {\"a\": {\"plugin\": \"p\", \"template\": \"t\", \"owner\": \"robot\", \"sha256\": \"\(String(repeating: "a", count: 64))\"}}}",
         "invalid value at 'files.a.owner'"),
        ("{\"generatorVersion\": \"1\", \"specHash\": \"x\", \"files\": {\"a\": {\"plugin\": \"p\", \"template\": \"t\", \"owner\": \"user\", \"sha256\": \"xyz\"}}}",
         "not 64 lower-case hex digits"),
        ("{\"generatorVersion\": \"1\", \"specHash\": \"x\", \"files\": {\"../etc/passwd\": {\"plugin\": \"p\", \"template\": \"t\", \"owner\": \"user\", \"sha256\": \"\(String(repeating: "a", count: 64))\"}}}",
         "'..' component"),
    ])
    func corrupt(contents: String, detail: String) throws {
        let box = try PlanSandbox()
        try box.write(GenerationManifest.relativePath, contents)
        let error = try #require(throws: DiagnosticsError.self) { try GenerationManifest.read(from: box.output) }
        let message = error.description
        #expect(message.contains(GenerationManifest.url(in: box.output).path))
        #expect(message.contains(detail), "\(message)")
        #expect(message.contains("delete it") && message.contains("version control"))
    }

    @Test("a manifest that is a folder is an error, not 'absent'")
    func manifestIsAFolder() throws {
        let box = try PlanSandbox()
        try FileManager.default.createDirectory(at: GenerationManifest.url(in: box.output), withIntermediateDirectories: true)
        #expect(throws: DiagnosticsError.self) { try GenerationManifest.read(from: box.output) }
    }

    @Test("the manifest written by a generation reads back equal to the plan's")
    func writtenManifestMatchesPlan() throws {
        let box = try PlanSandbox()
        let (plan, report) = try box.generate([planFile("a.txt", "A\n"), planFile("b.txt", "B\n", owner: .user)])
        #expect(report.manifestWritten)
        #expect(try box.manifest() == plan.manifest)
        #expect(try Data(contentsOf: GenerationManifest.url(in: box.output)) == plan.manifest.encoded())
    }

    @Test("'deleted' and 'directories' are written only when set, and manifests without them still read")
    func regenerationFields() throws {
        var manifest = Self.sample
        manifest.files["Package.swift"]?.deleted = true
        manifest.directories = ["Sources/App", "Sources"]
        let text = String(decoding: manifest.encoded(), as: UTF8.self)
        #expect(text.contains("\"deleted\": true") && text.contains("\"directories\": [\n    \"Sources\",\n    \"Sources/App\"\n  ]"))
        #expect(text.components(separatedBy: "\"deleted\"").count == 2, "only on the deleted entry")
        #expect(try GenerationManifest.decode(manifest.encoded(), from: URL(fileURLWithPath: "/m")) == manifest)
        let plain = String(decoding: Self.sample.encoded(), as: UTF8.self)
        #expect(!plain.contains("deleted") && !plain.contains("directories"))
        #expect(try GenerationManifest.decode(Self.sample.encoded(), from: URL(fileURLWithPath: "/m")).directories.isEmpty)
    }

    @Test("the migration history round-trips; manifests without it still read (nil), and it is written only when set")
    func migrationHistory() throws {
        var manifest = Self.sample
        manifest.migrations = MigrationHistory(
            migrations: [
                .init(name: "create_posts", resource: "post", kind: .createTable, summary: "The `posts` table.",
                      sqlite: ["CREATE TABLE posts (\n    id INTEGER PRIMARY KEY AUTOINCREMENT\n)"],
                      postgres: ["CREATE TABLE posts (\n    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY\n)"]),
                .init(name: "add_rating_to_posts", resource: "post", kind: .addColumn, summary: "Adds `rating` to `posts`.",
                      sqlite: ["ALTER TABLE posts ADD COLUMN rating REAL NOT NULL DEFAULT 0.5"],
                      postgres: ["ALTER TABLE posts ADD COLUMN rating DOUBLE PRECISION NOT NULL DEFAULT 0.5"]),
            ],
            schema: ["post": .init(owned: true, fields: [
                .init(name: "title", type: .string, maxLength: 200),
                .init(name: "status", type: .string, optional: true, defaultValue: .string("draft")),
                .init(name: "rating", type: .double, defaultValue: .double(0.5)),
                .init(name: "count", type: .int, defaultValue: .int(3)),
                .init(name: "hidden", type: .bool, defaultValue: .bool(false)),
            ])]
        )
        let data = manifest.encoded()
        #expect(try GenerationManifest.decode(data, from: URL(fileURLWithPath: "/m")) == manifest)
        #expect(try GenerationManifest.decode(data, from: URL(fileURLWithPath: "/m")).encoded() == data)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("""
              "migrations": {
                "migrations": [
                  {
                    "kind": "create_table",
                    "name": "create_posts",
            """))
        #expect(text.contains("\"max_length\": 200"))
        #expect(text.contains("\"default\": \"draft\""))
        #expect(!String(decoding: Self.sample.encoded(), as: UTF8.self).contains("migrations"))
        #expect(try GenerationManifest.decode(Self.sample.encoded(), from: URL(fileURLWithPath: "/m")).migrations == nil)
    }
}
