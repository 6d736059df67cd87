import AuthGenCore
import Foundation
import Testing

/// Paths of the test fixtures and of the repository.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let plugins = folder.appendingPathComponent("plugins")
    static let overrides = folder.appendingPathComponent("overrides")
    static let blogSpec = repository.appendingPathComponent("Examples/blog.yaml")
    static let minimalSpec = repository.appendingPathComponent("Examples/minimal.yaml")

    /// The blog example without its `email:` block (the last one in the file) and its `auth.mfa` line, so that tests
    /// of another plugin's output do not also depend on the mail plugins and the mfa plugin those turn on.
    static func blogSpecWithoutMail() throws -> String {
        let blog = try String(contentsOf: blogSpec, encoding: .utf8)
        let start = try #require(blog.range(of: "\nemail:\n"), "Examples/blog.yaml has no email block")
        return String(blog[...start.lowerBound]).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("  mfa:") }
            .joined(separator: "\n")
    }
}

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("authgen-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ text: String, to relativePath: String) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    func read(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: url.appendingPathComponent(relativePath).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A context builder whose secret is fixed, so renderings can be compared byte for byte.
let fixedSecretBuilder = ContextBuilder(makeSecret: { String(repeating: "ab", count: 32) }, makeKeyBytes: { Array(repeating: 0x2A, count: 32) })

/// The fixture spec: a spec that picks the `fixture` framework plugin.
func fixtureSpecText(name: String = "fixture-app", extra: String = "") -> String {
    """
    version: 1
    project:
      name: \(name)
      description: Says "hello" & <goodbye>
    server:
      framework: fixture
    \(extra)
    """
}

/// A spec of `app` with `body` after its project, expected to load without any diagnostic (recorded otherwise).
func loadValidSpec(_ body: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Spec? {
    let result = SpecLoader.parse("version: 1\nproject: {name: app}\n" + body, file: "s.yaml")
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)", sourceLocation: sourceLocation)
    return result.spec
}
