@testable import AuthGenCore
import Foundation
import Testing

/// Issue 16, point 3: a resource whose Swift types would clash with the server's own (`message` → `MessageResponse`,
/// `string` → `String`, `settings` → `SettingsController`…) is refused by validate. The list validate reads
/// (`SpecKeys.builtInSwiftNames`) must cover every type name the rendered server uses: this test scans renderings.
@Suite("Spec: resource names that clash with the server's own Swift names")
struct BuiltInNamesTests {
    /// A resource whose name appears nowhere else, so that every name it brings can be told apart.
    static let probe = "zq"

    static func specs() -> [Spec] {
        let fields: [Spec.Resource.Field] = Spec.Resource.Field.FieldType.allCases.map { .init(name: "f_\($0.rawValue)", type: $0, optional: true) }
        var sqlite = Spec(project: .init(name: "probe"), resources: [.init(name: probe, fields: fields)], docker: .init())
        sqlite.auth.registration = .closed
        var postgres = Spec(project: .init(name: "probe"), database: .init(driver: .postgres, sqlitePath: "data/p.sqlite"),
                            resources: [.init(name: probe, fields: fields, owned: false, access: .init(update: .authenticated, delete: .authenticated))])
        postgres.auth.jwt.algorithm = .eddsa
        var es256 = sqlite
        es256.auth.jwt.algorithm = .es256
        es256.auth.lockout = .off
        // Every mail plugin on: their type names are the server's too.
        es256.email = .init(from: "Probe <probe@example.com>", verification: .required, invitations: true)
        // TOTP on: the mfa plugin's type names too.
        es256.auth.mfa = .init(totp: .required)
        // And the account plugin, both routes.
        es256.account = .init(selfDelete: true, export: true)
        return [sqlite, postgres, es256]
    }

    /// Upper-case identifiers of the rendered Swift code (comments and string literals left out), and the base
    /// names of its Swift files, without those the probe resource brings.
    static func renderedNames() throws -> Set<String> {
        let generator = Generator(pluginFolders: [Fixtures.repository.appendingPathComponent("Templates")], contextBuilder: fixedSecretBuilder)
        var names: Set<String> = []
        for spec in specs() {
            for file in try generator.render(spec).files where file.path.hasSuffix(".swift") {
                var text = String(decoding: file.contents, as: UTF8.self)
                text = text.replacing(#/"""[\s\S]*?"""/#, with: " ")
                text = text.replacing(#/"(?:[^"\\\n]|\\.)*"/#, with: " ")
                text = text.replacing(#///[^\n]*/#, with: " ")
                for match in text.matches(of: #/\b[A-Z][A-Za-z0-9]*\b/#) { names.insert(String(match.output)) }
                let base = (file.path as NSString).lastPathComponent.replacingOccurrences(of: ".swift", with: "")
                for part in base.split(separator: "+") { names.insert(String(part)) }
            }
        }
        return names.filter { !$0.contains("Zq") }
    }

    @Test("the list validate reads holds every Swift name of the rendered server")
    func listCoversTheRendering() throws {
        let rendered = try Self.renderedNames()
        #expect(rendered.count > 100)
        let missing = rendered.subtracting(SpecKeys.builtInSwiftNames).sorted()
        if ProcessInfo.processInfo.environment["AUTHGEN_PRINT_BUILTIN_NAMES"] != nil {
            print(rendered.sorted().map { "\"\($0)\"" }.joined(separator: ", "))
        }
        #expect(missing.isEmpty, "add to SpecKeys.builtInSwiftNames: \(missing)")
    }

    @Test("the names the issue found, and every built-in name a resource can spell, are refused at the resource's name",
          arguments: ["app", "cache", "settings", "token", "lockout", "registration", "rate_limit", "message", "status",
                      "migration", "string", "date", "request", "error", "new_user", "token_service", "field_rule"])
    func refused(name: String) {
        let result = SpecLoader.parse("version: 1\nproject: {name: app}\nresources:\n  - name: \(name)\n    fields:\n      title: {type: string}\n", file: "s.yaml")
        #expect(result.spec == nil, "\(name) was accepted")
        let message = result.diagnostics.first?.description ?? ""
        #expect(message.contains("s.yaml:4:11") && message.contains("choose another name"), "\(message)")
    }

    @Test("every snake name whose Swift type is a built-in name is refused; the examples' resources are not")
    func everyBuiltInName() {
        var checked = 0
        for swiftName in SpecKeys.builtInSwiftNames {
            // `TokenService` ← `token_service`: only names a lower snake resource name can produce.
            let snake = swiftName.replacing(#/([a-z0-9])([A-Z])/#) { "\($0.output.1)_\($0.output.2)" }.lowercased()
            guard Naming.typeName(snake) == swiftName, SpecScalarReader.matches(snake, SpecKeys.resourceName.pattern) else { continue }
            checked += 1
            let result = SpecLoader.parse("version: 1\nproject: {name: app}\nresources:\n  - name: \(snake)\n    fields:\n      title: {type: string}\n", file: "s.yaml")
            #expect(result.spec == nil, "\(snake) (\(swiftName)) was accepted")
        }
        #expect(checked > 50)
        for name in ["post", "product", "category", "order", "book", "review", "notice", "comment", "draft", "setting", "invoice"] {
            let result = SpecLoader.parse("version: 1\nproject: {name: app}\nresources:\n  - name: \(name)\n    fields:\n      title: {type: string}\n", file: "s.yaml")
            #expect(result.spec != nil, "\(name): \(result.diagnostics)")
        }
    }

    @Test("an accepted resource renders files and types of its own: no path twice, none of the server's")
    func acceptedRendersUniquePaths() throws {
        let generator = Generator(pluginFolders: [Fixtures.repository.appendingPathComponent("Templates")], contextBuilder: fixedSecretBuilder)
        let base = Set(try generator.render(Spec(project: .init(name: "app"))).files.map(\.path))
        for name in ["order", "group", "invoice", "setting"] {
            let spec = Spec(project: .init(name: "app"), resources: [.init(name: name, fields: [.init(name: "title", type: .string)])])
            let paths = try generator.render(spec).files.map(\.path)
            #expect(Set(paths).count == paths.count)
            let added = Set(paths).subtracting(base)
            #expect(added.count >= 8, "\(name): \(added.sorted())")
        }
    }
}
