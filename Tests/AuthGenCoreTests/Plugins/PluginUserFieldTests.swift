@testable import AuthGenCore
import Foundation
import Testing

@Suite("plugin.yaml: user_fields")
struct PluginUserFieldsReaderTests {
    private func manifest(_ body: String) throws(DiagnosticsError) -> PluginManifest {
        try PluginManifestLoader.parse("name: email-verification\nkind: feature\nfiles: []\n" + body, file: "ev/plugin.yaml")
    }

    private func problems(_ body: String) -> [String] {
        featureManifestProblems(name: "email-verification", file: "ev/plugin.yaml", body)
    }

    @Test func readsEveryTypeWithItsDefaultAndExistingValue() throws {
        let fields = try manifest("""
            user_fields:
              - name: email_verified
                type: bool
                default: false
                existing: true
                description: The address was verified
              - name: login_count
                type: int
                default: 0
                description: Logins so far
              - name: locale
                type: string
                default: "en"
                description: Preferred language
            """).userFields
        #expect(fields.map(\.name) == ["email_verified", "login_count", "locale"])
        #expect(fields[0].defaultValue == .bool(false) && fields[0].existing == .bool(true))
        #expect(fields[1].defaultValue == .int(0) && fields[1].existing == .int(0))
        #expect(fields[2].defaultValue == .string("en"))
        #expect(fields[0].location.line == 5 && fields[0].location.column == 5)
    }

    @Test func badEntriesAreErrorsAtTheirPlace() {
        #expect(problems("""
            user_fields:
              - name: is_active
                type: bool
                default: false
                description: x
              - name: EmailVerified
                type: bool
                default: false
                description: x
              - name: verified
                type: date
                default: false
                description: x
              - name: verified
                type: bool
                default: "no"
                existing: 1
              - name: class
                type: string
                default: true
                description: x
              - name: a
                type: int
                default: 1
                description: x
                existng: 2
            """) == [
            "ev/plugin.yaml:5:11: error: user field name 'is_active' is taken by the server's users or by Swift; choose another, e.g. one starting with the plugin's name",
            "ev/plugin.yaml:9:11: error: user field name 'EmailVerified' is not valid; use lower snake case, at most 40 characters, e.g. email_verified",
            "ev/plugin.yaml:14:11: error: user field type 'date' is unknown; use bool, int, string",
            "ev/plugin.yaml:17:5: error: user field 'verified' needs a 'description': one line (it is printed in the OpenAPI document)",
            "ev/plugin.yaml:19:14: error: default must be a bool",
            "ev/plugin.yaml:20:15: error: existing must be a bool",
            "ev/plugin.yaml:21:11: error: user field name 'class' is taken by the server's users or by Swift; choose another, e.g. one starting with the plugin's name",
            "ev/plugin.yaml:23:14: error: default must be a string",
            "ev/plugin.yaml:29:5: error: unknown key 'existng' in user_fields entry; did you mean 'existing'?",
        ])
    }
}

@Suite("Context: user fields")
struct UserFieldsContextTests {
    private func plugin(_ name: String, _ fields: [PluginUserField]) -> Plugin {
        var manifest = PluginManifest(
            name: name, description: "", kind: .feature, enabledWhen: nil, files: [], smoke: nil,
            location: SourceLocation(file: "\(name)/plugin.yaml", line: 1, column: 1))
        manifest.userFields = fields
        return Plugin(manifest: manifest, templateFiles: [:], overridden: [:], folders: [])
    }

    private func field(_ name: String, _ type: PluginUserField.ValueType, _ value: JSONValue, existing: JSONValue? = nil, line: Int = 5) -> PluginUserField {
        PluginUserField(name: name, type: type, defaultValue: value, existing: existing ?? value, description: #"Say "hi""#,
                        location: SourceLocation(file: "x/plugin.yaml", line: line, column: 5))
    }

    @Test func everyFormTheTemplatesPrint() throws {
        let fields = try ContextBuilder.userFields(of: [
            plugin("email-verification", [field("email_verified", .bool, .bool(false), existing: .bool(true))]),
            plugin("prefs", [field("locale", .string, .string("it's"), existing: .string("en")), field("login_count", .int, .int(0), line: 9)]),
        ])
        #expect(fields.map(\.last) == [false, false, true])
        let verified = fields[0]
        #expect(verified.propertyName == "emailVerified" && verified.typeName == "EmailVerified" && verified.swiftType == "Bool")
        #expect(verified.columnSQL == #"\"email_verified\""# && verified.swiftDefault == "false" && verified.openAPIType == "boolean")
        #expect(verified.sqliteInsertValue == ".integer(user.emailVerified ? 1 : 0)" && verified.sqliteSetValue == ".integer(value ? 1 : 0)")
        #expect(verified.sqliteRead == #"row.column("email_verified")?.bool"#)
        #expect(verified.migrationName == "email_verification_add_email_verified_to_users")
        #expect(verified.migrationIdentifier == "emailVerificationAddEmailVerifiedToUsers")
        #expect(verified.sqliteAddColumn == #""ALTER TABLE users ADD COLUMN \"email_verified\" INTEGER NOT NULL DEFAULT 1""#)
        #expect(verified.postgresAddColumn == #""ALTER TABLE users ADD COLUMN \"email_verified\" BOOLEAN NOT NULL DEFAULT TRUE""#)
        #expect(verified.postgresSetDefault == #""ALTER TABLE users ALTER COLUMN \"email_verified\" SET DEFAULT FALSE""#)
        #expect(verified.descriptionLiteral == #""Say \"hi\"""#)
        let locale = fields[1]
        #expect(locale.swiftDefault == #""it's""# && locale.sqliteInsertValue == ".text(user.locale)")
        #expect(locale.sqliteAddColumn == #""ALTER TABLE users ADD COLUMN \"locale\" TEXT NOT NULL DEFAULT 'en'""#)
        #expect(locale.postgresSetDefault == #""ALTER TABLE users ALTER COLUMN \"locale\" SET DEFAULT 'it''s'""#)
        #expect(fields[2].postgresAddColumn == #""ALTER TABLE users ADD COLUMN \"login_count\" BIGINT NOT NULL DEFAULT 0""#)
        #expect(fields[2].swiftType == "Int" && fields[2].sqliteRead == #"row.column("login_count")?.integer"#)
    }

    @Test func aFieldTwoPluginsAddIsAnErrorAtTheSecond() {
        #expect {
            try ContextBuilder.userFields(of: [
                plugin("a", [field("verified", .bool, .bool(false))]),
                plugin("b", [field("verified", .bool, .bool(true), line: 7)]),
            ])
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
                "x/plugin.yaml:7:5: error: user field 'verified' is also added by plugin 'a' (x/plugin.yaml:5:5); rename one",
            ]
        }
    }
}

/// The greeting example's `greeted` field rendered into the blog example: every place a user field reaches.
@Suite("Example plugin: greeting's user field")
struct GreetingUserFieldRenderTests {
    @Test func theFieldReachesEveryPartOfTheServer() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let blog = try Fixtures.blogSpecWithoutMail()
        let path = try folder.write(blog + "plugins:\n  greeting: {}\n", to: "blog.yaml").path
        let generator = Generator(
            pluginFolders: [Fixtures.repository.appendingPathComponent("Templates"), Fixtures.repository.appendingPathComponent("Examples/plugins")],
            contextBuilder: fixedSecretBuilder)
        let project = try generator.render(try generator.loadSpec(at: path).spec)
        let files = Dictionary(uniqueKeysWithValues: project.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
        let expectations: [(String, String)] = [
            ("Sources/App/Models/User.swift", "    var greeted: Bool = false\n"),
            ("Sources/App/Models/UserResponse.swift", "        case greeted = \"greeted\"\n"),
            ("Sources/App/Models/UserResponse.swift", "        try container.encode(self.greeted, forKey: .greeted)\n"),
            ("Sources/App/Persistence/Migrations.swift", "        .greetingAddGreetedToUsers,\n    ]"),
            ("Sources/App/Persistence/Migration+PluginUserFields.swift", #""ALTER TABLE users ADD COLUMN \"greeted\" INTEGER NOT NULL DEFAULT 1""#),
            ("Sources/App/Persistence/SQLite/SQLiteRepository+UserRepository.swift", #"is_superuser, created_at, roles, \"greeted\"""#),
            ("Sources/App/Persistence/Postgres/PostgresRepository+UserRepository.swift", "(Int64, String, String, String?, String, Bool, Bool, Date, String, Bool).self"),
            ("Sources/App/Extensions/ExtensionUserRepository.swift", "    func setGreeted(_ value: Bool, userID: Int64) async throws\n"),
            ("Sources/App/Persistence/SQLite/SQLiteRepository+ExtensionUserRepository.swift", #""UPDATE users SET \"greeted\" = ? WHERE id = ?""#),
            ("Sources/App/OpenAPI/OpenAPIDocument+Schemas.swift", #""required": ["id", "email", "username", "full_name", "is_active", "is_superuser", "created_at", "roles", "greeted"]"#),
        ]
        for (file, text) in expectations {
            #expect(files[file]?.contains(text) == true, "\(file) lacks \(text)")
        }
    }
}
