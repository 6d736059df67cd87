@testable import AuthGenCore
import Foundation
import Testing

/// Issue 16, points 1, 2 and 6: names SQL or Swift reserve reach the server quoted or renamed, and the spec's
/// ranges are the server's.
@Suite("Context: SQL identifiers, Swift property names and setting ranges")
struct SpecNamesAndRangesTests {
    static let keywordSpec = Spec(
        project: .init(name: "shop"),
        resources: [
            .init(name: "order", fields: [
                .init(name: "from", type: .string),
                .init(name: "select", type: .bool, defaultValue: .bool(false)),
                .init(name: "class", type: .string, optional: true),
                .init(name: "default", type: .double, optional: true),
                .init(name: "self", type: .string, optional: true),
                .init(name: "protocol", type: .date, optional: true),
                .init(name: "binds", type: .int, optional: true),
            ]),
        ]
    )

    @Test("a field named after a Swift keyword keeps its JSON key and column, and gets a Swift property with the suffix Value")
    func swiftKeywordFields() throws {
        let order = try #require(fixedSecretBuilder.build(Self.keywordSpec).resources.first)
        #expect(order.fields.map(\.name) == ["from", "select", "class", "default", "self", "protocol", "binds"])
        #expect(order.fields.map(\.propertyName) == ["from", "select", "classValue", "defaultValue", "selfValue", "protocolValue", "bindsValue"])
        #expect(Naming.propertyName("published_at") == "publishedAt")
    }

    @Test("tables and columns are quoted SQL identifiers, escaped for the Swift string they are printed in")
    func quotedIdentifiers() throws {
        let order = try #require(fixedSecretBuilder.build(Self.keywordSpec).resources.first)
        #expect(order.tableSQL == #"\"orders\""#)
        #expect(order.fields.first?.columnSQL == #"\"from\""#)
        #expect(Naming.sqlIdentifier("group") == #""group""#)
        #expect(Naming.sqlIdentifier(#"a"b"#) == #""a""b""#)
    }

    @Test("every statement of a keyword resource's migrations quotes its identifiers")
    func migrationsQuote() throws {
        let history = try MigrationPlanner.plan(previous: nil, spec: Self.keywordSpec, allowDestructive: false).get()
        let create = try #require(history.migrations.first)
        for sql in create.sqlite + create.postgres {
            #expect(sql.contains(#""orders""#), "\(sql)")
            #expect(!sql.contains(" orders "), "\(sql)")
        }
        #expect(create.sqlite[0].contains(#"    "from" TEXT NOT NULL,"#))
        #expect(create.postgres[0].contains(#"    "select" BOOLEAN NOT NULL,"#))
    }

    @Test("the rendered repositories quote every column and the table in every statement")
    func repositoriesQuote() throws {
        let rendered = try Generator(pluginFolders: [Fixtures.repository.appendingPathComponent("Templates")], contextBuilder: fixedSecretBuilder)
            .render(Self.keywordSpec)
        for path in ["Sources/App/Persistence/SQLite/SQLiteRepository+OrderRepository.swift", "Sources/App/Persistence/Postgres/PostgresRepository+OrderRepository.swift"] {
            let file = try #require(rendered.files.first { $0.path == path })
            let text = String(decoding: file.contents, as: UTF8.self)
            for statement in ["INSERT INTO \\\"orders\\\"", "FROM \\\"orders\\\"", "UPDATE \\\"orders\\\"", "\\\"from\\\", \\\"select\\\""] {
                #expect(text.contains(statement), "\(path) lacks \(statement)")
            }
            #expect(!text.contains(" orders "), "\(path)")
            #expect(text.contains("item.classValue") || text.contains("classValue"), "\(path)")
        }
    }

    // MARK: Point 6

    @Test("every setting: the spec's range is the server's, or inside it with the reason written down", arguments: SettingRanges.all)
    func rangesAgree(range: SettingRange) {
        #expect(range.server.contains(range.spec.lowerBound) && range.server.contains(range.spec.upperBound),
                "\(range.specKey) accepts \(range.spec) but \(range.variable) only \(range.server)")
        if range.spec != range.server {
            #expect(range.serverOnly != nil, "\(range.variable): say why the server accepts more than \(range.specKey)")
        }
    }

    @Test("the server template prints every range from the table, none as a literal of its own")
    func templatePrintsTheTable() throws {
        let template = try String(contentsOf: Fixtures.repository.appendingPathComponent(
            "Templates/hummingbird/Sources/App/Config/Settings+Environment.swift.mustache"), encoding: .utf8)
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false)
        for range in SettingRanges.all {
            let index = try #require(lines.firstIndex { $0.contains("\"\(range.variable)\"") }, "\(range.variable) is not read")
            let reading = lines[index...].prefix(4).joined(separator: "\n")
            #expect(reading.contains("in: {{settingRanges."), "\(range.variable): print its range from settingRanges, not as a literal")
        }
        let rendered = try Generator(pluginFolders: [Fixtures.repository.appendingPathComponent("Templates")], contextBuilder: fixedSecretBuilder)
            .render(Self.keywordSpec)
        let file = try #require(rendered.files.first { $0.path == "Sources/App/Config/Settings+Environment.swift" })
        let text = String(decoding: file.contents, as: UTF8.self)
        for range in SettingRanges.all {
            #expect(text.contains("\"\(range.variable)\""), "\(range.variable) is not read")
            #expect(text.contains("in: \(range.swiftLiteral)"), "\(range.variable): \(range.swiftLiteral) not printed")
        }
        #expect(SettingRanges.refreshTokenTTL.swiftLiteral == "1...31_536_000")
    }

    @Test("the spec accepts each range's end and refuses one step past it", arguments: [
        ("auth: {jwt: {refresh_token_ttl: 365d}}", "auth: {jwt: {refresh_token_ttl: 366d}}"),
        ("auth: {jwt: {access_token_ttl: 1m, refresh_token_ttl: 31536000s}}", "auth: {jwt: {refresh_token_ttl: 31536001s}}"),
        ("auth: {jwt: {access_token_ttl: 8759h, refresh_token_ttl: 8760h}}", "auth: {jwt: {access_token_ttl: 8761h}}"),
        ("auth: {lockout: {for: 525600m}}", "auth: {lockout: {for: 525601m}}"),
        ("server: {port: 65535}", "server: {port: 65536}"),
        ("server: {max_body_size: 1024MB}", "server: {max_body_size: 1025MB}"),
        ("auth: {password: {bcrypt_cost: 16}}", "auth: {password: {bcrypt_cost: 17}}"),
        ("auth: {lockout: {after: 1000}}", "auth: {lockout: {after: 1001}}"),
    ])
    func specBounds(accepted: String, refused: String) {
        let head = "version: 1\nproject: {name: app}\n"
        let good = SpecLoader.parse(head + accepted + "\n", file: "a.yaml")
        #expect(good.spec != nil, "\(accepted): \(good.diagnostics)")
        let bad = SpecLoader.parse(head + refused + "\n", file: "b.yaml")
        #expect(bad.spec == nil, "\(refused) was accepted")
    }
}
