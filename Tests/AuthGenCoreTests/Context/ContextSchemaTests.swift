@testable import AuthGenCore
import Foundation
import Testing

@Suite struct ContextSchemaTests {
    /// Every key path of a JSON context with its kind, list elements as `list[].key`.
    private static func paths(of value: JSONValue, prefix: String = "") -> [String: String] {
        guard case .object(let members) = value else { return [:] }
        var result: [String: String] = [:]
        for (key, child) in members {
            let path = prefix + key
            switch child {
            case .object: result[path] = "object"; result.merge(paths(of: child, prefix: path + "."), uniquingKeysWith: { a, _ in a })
            case .array(let items):
                if items.allSatisfy({ if case .object = $0 { true } else { false } }), !items.isEmpty {
                    result[path] = "list of objects"
                    // An element with a filled list tells its type where an earlier one's list was empty.
                    for item in items { result.merge(paths(of: item, prefix: path + "[]."), uniquingKeysWith: { a, b in a == "empty list" ? b : a }) }
                } else if items.allSatisfy({ if case .string = $0 { true } else { false } }), !items.isEmpty {
                    result[path] = "list of strings"
                } else {
                    result[path] = "empty list"
                }
            case .string: result[path] = "string"
            case .int: result[path] = "int"
            case .bool: result[path] = "bool"
            case .double: result[path] = "double"
            case .null: result[path] = "null"
            }
        }
        return result
    }

    private static func exampleSpecs() throws -> [URL] {
        let folder = Fixtures.repository.appendingPathComponent("Examples")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    @Test("every key the example specs' contexts hold is described with its type, and every described key is produced by one of them")
    func schemaMatchesTheModel() throws {
        let specs = try Self.exampleSpecs()
        #expect(specs.count >= 3)
        var produced: [String: String] = [:]
        for url in specs {
            let loaded = SpecLoader.load(path: url.path)
            let spec = try #require(loaded.spec, "\(url.lastPathComponent) does not load")
            let context = try JSONValue(encoding: fixedSecretBuilder.build(spec))
            for (path, kind) in Self.paths(of: context) where produced[path] == nil || produced[path] == "empty list" {
                produced[path] = kind
            }
        }
        // No spec alone contributes server extensions: the blog example with the example plugin does.
        var blog = try #require(SpecLoader.load(path: Fixtures.blogSpec.path).spec)
        blog.plugins = ["audit-log": [:], "greeting": [:]]
        let pluginFolders = [Fixtures.repository.appendingPathComponent("Templates"), Fixtures.repository.appendingPathComponent("Examples/plugins")]
        let generator = Generator(pluginFolders: pluginFolders, contextBuilder: fixedSecretBuilder)
        let withPlugin = try generator.context(for: try generator.resolve(blog))
        // Plugin options under `plugins` are described by each plugin's manifest, not by the context model.
        for (path, kind) in Self.paths(of: try JSONValue(encoding: withPlugin))
        where !path.hasPrefix("plugins.") && (produced[path] == nil || produced[path] == "empty list") {
            produced[path] = kind
        }
        // A migration that changes an owned table's author column follows a changed spec only: the blog example's
        // table made under on_delete: cascade, then the example (anonymize) generated after it.
        var cascadeBlog = blog
        cascadeBlog.account?.onDelete = .cascade
        let before = try MigrationPlanner.plan(previous: nil, spec: cascadeBlog, allowDestructive: false).get()
        let after = try MigrationPlanner.plan(previous: before, spec: blog, allowDestructive: false).get()
        for (path, kind) in Self.paths(of: try JSONValue(encoding: generator.context(for: try generator.resolve(blog), migrations: after)))
        where !path.hasPrefix("plugins.") && (produced[path] == nil || produced[path] == "empty list") {
            produced[path] = kind
        }
        let described = Dictionary(uniqueKeysWithValues: ContextSchema.paths.map { ($0.path, $0.type.name) })
        let undescribed = produced.keys.filter { described[$0] == nil }.sorted()
        #expect(undescribed.isEmpty, "context keys without a description in RenderContext.contextKeys: \(undescribed)")
        let neverProduced = described.keys.filter { produced[$0] == nil }.sorted()
        #expect(neverProduced.isEmpty, "described keys that no example spec produces (renamed or removed?): \(neverProduced)")
        let wrongType = produced.filter { path, kind in described[path].map { $0 != kind } ?? false }.keys.sorted()
        #expect(wrongType.isEmpty, "described with another type than the context has: \(wrongType.map { "\($0): \(described[$0]!) vs \(produced[$0]!)" })")
    }

    @Test("every key has a one-line meaning and names are unique in their object")
    func descriptionsAreComplete() {
        for (path, _) in ContextSchema.paths {
            #expect(!path.isEmpty)
        }
        func check(_ keys: [ContextKey], in scope: String) {
            #expect(Set(keys.map(\.name)).count == keys.count, "duplicate key in \(scope)")
            for key in keys {
                #expect(!key.meaning.isEmpty && !key.meaning.contains("\n") && !key.meaning.contains("|"), "meaning of \(scope)\(key.name)")
                if let members = key.type.members { check(members, in: scope + key.name + ".") }
            }
        }
        check(ContextSchema.keys, in: "")
    }

    @Test("the reference has a row per scalar key and a section per list of objects")
    func referenceShape() {
        let reference = ContextSchema.markdownReference()
        #expect(reference.contains("| `auth.jwt.hmac` | bool | "))
        #expect(reference.contains("| `cors.allowOrigins` | list of strings | "))
        #expect(reference.contains("### Each element of `resources`\n"))
        #expect(reference.contains("### Each element of `resources[].fields`\n"))
        #expect(reference.contains("| `access.list` | string | "))
        #expect(reference.contains("| `typeSwift` | string | "))
        #expect(!reference.contains("| `resources[].typeName`"))
    }

    @Test("Templates/README.md holds exactly what `authgen context --reference` prints between its markers")
    func readmeHoldsTheReference() throws {
        let readme = Fixtures.repository.appendingPathComponent("Templates/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let expected = try #require(ContextSchema.replacingReference(in: text, with: ContextSchema.markdownReference()),
                                    "Templates/README.md lacks the \(ContextSchema.referenceBegin) / \(ContextSchema.referenceEnd) markers")
        #expect(text == expected, "Templates/README.md's context reference is out of date: run `make context-reference`")
    }

    @Test func replacingTheReferenceKeepsTheRestOfTheFile() {
        let text = "# T\n\nintro\n\(ContextSchema.referenceBegin)\nold\n\(ContextSchema.referenceEnd)\nafter\n"
        #expect(ContextSchema.replacingReference(in: text, with: "new\n")
            == "# T\n\nintro\n\(ContextSchema.referenceBegin)\nnew\n\(ContextSchema.referenceEnd)\nafter\n")
        #expect(ContextSchema.replacingReference(in: "no markers", with: "x") == nil)
    }
}
