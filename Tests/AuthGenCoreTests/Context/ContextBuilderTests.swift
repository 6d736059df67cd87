@testable import AuthGenCore
import Foundation
import Testing

@Suite struct ContextBuilderTests {
    let blog = Spec(
        project: .init(name: "blog-api", description: "Blog backend with JWT authentication"),
        resources: [
            .init(name: "post", fields: [
                .init(name: "title", type: .string, maxLength: 200),
                .init(name: "content", type: .text),
                .init(name: "published", type: .bool, defaultValue: .bool(false)),
            ], access: .init(update: .owner, delete: .superuser)),
        ],
        docker: .init()
    )

    @Test func projectServerAndDatabaseValues() {
        let context = fixedSecretBuilder.build(blog)
        #expect(context.project.name == "blog-api")
        #expect(context.project.title == "Blog API")
        #expect(context.project.executableName == "blog-api")
        #expect(context.project.descriptionLiteral == "\"Blog backend with JWT authentication\"")
        #expect(context.project.hasDescription)
        #expect(!fixedSecretBuilder.build(Spec(project: .init(name: "bare"))).project.hasDescription)
        #expect(context.server.apiPrefix == "/api")
        #expect(context.server.port == 8080)
        #expect(context.database.sqlite && !context.database.postgres)
        #expect(context.database.defaultURL == "sqlite://data/blog-api.sqlite")
        #expect(context.database.postgresComposeURL == "postgres://blog_api:blog_api@db:5432/blog_api")
    }

    @Test func authValuesComeFromTheSpec() {
        var spec = blog
        spec.auth.jwt.algorithm = .es256
        spec.auth.jwt.accessTokenTTL = Duration(seconds: 900, text: "15m")
        spec.auth.password.require = [.digit, .upper]
        spec.auth.registration = .closed
        spec.auth.rateLimit.login = Rate(limit: 3, per: .hour)
        let auth = fixedSecretBuilder.build(spec).auth
        #expect(auth.jwt.algorithm == "ES256")
        #expect(auth.jwt.algorithmCase == "es256")
        #expect(auth.jwt.es256 && !auth.jwt.hmac && !auth.jwt.eddsa)
        #expect(auth.jwt.accessTokenTTLSeconds == 900)
        #expect(auth.jwt.refreshTokenTTLSeconds == 604_800)
        #expect(auth.jwt.issuer == "blog-api" && auth.jwt.audience == "blog-api-clients")
        #expect(auth.password.requireDigit && auth.password.requireUpper)
        #expect(!auth.password.requireLower && !auth.password.requireSpecial)
        #expect(auth.password.requirementsText == "digit, upper")
        #expect(auth.registration.closed && !auth.registration.open)
        #expect(auth.rateLimit.login.limit == 3 && auth.rateLimit.login.windowSeconds == 3600 && auth.rateLimit.login.text == "3/hour")
    }

    @Test func hmacAlgorithmsAreFlagged() {
        for algorithm in Spec.Auth.JWT.Algorithm.allCases {
            var spec = blog
            spec.auth.jwt.algorithm = algorithm
            let jwt = fixedSecretBuilder.build(spec).auth.jwt
            #expect(jwt.hmac == algorithm.rawValue.hasPrefix("HS"), "\(algorithm)")
        }
    }

    @Test func resourcesGetNamesPathsAndColumnTypes() throws {
        let context = fixedSecretBuilder.build(blog)
        #expect(context.hasResources)
        let post = try #require(context.resources.first)
        #expect(post.typeName == "Post" && post.plural == "posts" && post.tableName == "posts")
        #expect(post.path == "/api/posts")
        #expect(post.access.update == "owner" && post.access.delete == "superuser")
        #expect(post.accessSwift.update == ".owner" && post.accessSwift.delete == ".superuser")
        #expect(post.fields.map(\.swiftType) == ["String", "String", "Bool"])
        #expect(post.fields.map(\.postgresType) == ["VARCHAR(200)", "TEXT", "BOOLEAN"])
        #expect(post.fields.map(\.sqliteType) == ["TEXT", "TEXT", "INTEGER"])
        #expect(post.fields.map(\.defaultSwift) == ["", "", "false"])
        #expect(post.fields.map(\.last) == [false, false, true])
        #expect(post.last)
    }

    @Test func dockerIsOffWithoutItsSection() {
        var spec = blog
        spec.docker = nil
        let docker = fixedSecretBuilder.build(spec).docker
        #expect(!docker.enabled && !docker.compose)
        #expect(fixedSecretBuilder.build(blog).docker.enabled)
    }

    @Test func composePublishesThePortOnLoopbackUnlessTheServerListensEverywhere() {
        var spec = blog
        #expect(fixedSecretBuilder.build(spec).docker.publishedPort == "127.0.0.1:8080:8080")
        spec.server.host = "localhost"
        spec.server.port = 9000
        #expect(fixedSecretBuilder.build(spec).docker.publishedPort == "127.0.0.1:9000:9000")
        for everyInterface in ["0.0.0.0", "::"] {
            spec.server.host = everyInterface
            #expect(fixedSecretBuilder.build(spec).docker.publishedPort == "9000:9000")
        }
    }

    @Test func replicasAboveOneGoBehindNginxOnlyWithCompose() {
        var spec = blog
        let single = fixedSecretBuilder.build(spec).docker
        #expect(!single.scaled && single.replicas == 1 && single.appServices.map(\.name) == ["app"])
        spec.docker?.replicas = 3
        let scaled = fixedSecretBuilder.build(spec).docker
        #expect(scaled.scaled && scaled.replicas == 3)
        #expect(scaled.appServices.map(\.name) == ["app-1", "app-2", "app-3"])
        #expect(scaled.proxySubnet == "172.30.21.0/24")
        spec.docker?.compose = false
        let noCompose = fixedSecretBuilder.build(spec).docker
        #expect(!noCompose.scaled && noCompose.appServices.map(\.name) == ["app"])
    }

    @Test func secretsAreFreshAndPrintableContextHidesThem() throws {
        let builder = ContextBuilder()
        let first = builder.build(blog).secrets.secretKey
        let second = builder.build(blog).secrets.secretKey
        let firstIsHex = first.allSatisfy { $0.isHexDigit }
        #expect(first.count == 64 && firstIsHex)
        #expect(first != second)
        let printable = try Generator(pluginFolders: []).printableContext(for: blog)
        let generated = builder.build(blog).secrets
        #expect(generated.postgresPassword.count == 64 && generated.postgresPassword != generated.secretKey)
        let printedSecretIsHex = printable.secrets.secretKey.allSatisfy { $0.isHexDigit }
            || printable.secrets.postgresPassword.allSatisfy { $0.isHexDigit }
        #expect(!printedSecretIsHex)
    }
}

@Suite struct NamingTests {
    @Test(arguments: [("blog-api", "Blog API"), ("hello-auth", "Hello Auth"), ("jwt-url-io", "JWT URL IO"), ("shop", "Shop")])
    func titles(name: String, title: String) {
        #expect(Naming.title(name) == title)
    }

    @Test(arguments: [("post", "posts"), ("category", "categories"), ("day", "days"), ("box", "boxes"), ("blog_post", "blog_posts"), ("person", "people"), ("address", "addresses")])
    func plurals(singular: String, plural: String) {
        #expect(Naming.plural(singular) == plural)
    }

    @Test func typeAndVariableNames() {
        #expect(Naming.typeName("blog_post") == "BlogPost")
        #expect(Naming.variableName("published_at") == "publishedAt")
        #expect(Naming.variableName("title") == "title")
    }

    @Test func swiftLiteralsEscapeWhatSwiftNeeds() {
        #expect(Naming.swiftLiteral(#"say "hi" \ now"#) == #""say \"hi\" \\ now""#)
        #expect(Naming.swiftLiteral("a\nb\tc") == #""a\nb\tc""#)
        #expect(Naming.swiftLiteral("\u{1}") == #""\u{1}""#)
        #expect(Naming.swiftArrayLiteral(["a", "b\""]) == #"["a", "b\""]"#)
        #expect(Naming.swiftArrayLiteral([]) == "[]")
    }
}

@Suite struct ResourceContextTests {
    let spec = Spec(
        project: .init(name: "shop"),
        resources: [
            .init(name: "blog_entry", fields: [
                .init(name: "headline", type: .string, maxLength: 12),
                .init(name: "body", type: .text, optional: true),
                .init(name: "rank", type: .int, defaultValue: .int(3)),
                .init(name: "score", type: .double),
                .init(name: "pinned", type: .bool, defaultValue: .bool(true)),
                .init(name: "due_at", type: .date, defaultValue: .string("2024-01-31")),
                .init(name: "label", type: .string, defaultValue: .string("new"), optional: true),
            ]),
        ]
    )

    var entry: RenderContext.Resource {
        get throws { try #require(fixedSecretBuilder.build(spec).resources.first) }
    }

    @Test func pluralVariableName() throws {
        #expect(try entry.pluralVariableName == "blogEntries")
        #expect(try entry.pluralTypeName == "BlogEntries")
    }

    @Test func requiredMeansNeitherOptionalNorDefaulted() throws {
        #expect(try entry.fields.map(\.required) == [true, false, false, true, false, false, false])
    }

    @Test func typeSwiftNamesTheGeneratedFieldType() throws {
        #expect(try entry.fields.map(\.typeSwift) == [".string(maxLength: 12)", ".text(maxLength: nil)", ".int", ".double", ".bool", ".date", ".string(maxLength: nil)"])
    }

    @Test func dateDefaultsAreSwiftDatesAndISOStrings() throws {
        let due = try #require(try entry.fields.first { $0.name == "due_at" })
        #expect(due.defaultSwift == "Date(timeIntervalSince1970: 1706659200)")
        #expect(due.defaultJSON == #""2024-01-31T00:00:00Z""#)
        #expect(due.sqliteType == "REAL" && due.postgresType == "TIMESTAMPTZ")
        var spec = spec
        spec.resources[0].fields[5].defaultValue = .string("2024-01-31T12:30:00+02:00")
        let shifted = try #require(fixedSecretBuilder.build(spec).resources.first?.fields[5])
        #expect(shifted.defaultJSON == #""2024-01-31T10:30:00Z""#)
    }

    @Test func defaultJSONOfOtherTypes() throws {
        #expect(try entry.fields.map(\.defaultJSON) == ["", "", "3", "", "true", #""2024-01-31T00:00:00Z""#, #""new""#])
    }

    @Test func examplesAreJSONOfTheRightTypeAndFitMaxLength() throws {
        let fields = try entry.fields
        #expect(fields.map(\.exampleJSON) == [
            #""Example head""#, #""Some body text.""#, "42", "2.5", "true", #""2024-01-31T12:00:00Z""#, #""Example label""#,
        ])
        for field in fields {
            #expect(field.exampleJSON != field.otherExampleJSON, "\(field.name)")
            #expect(field.invalidJSON != field.exampleJSON, "\(field.name)")
        }
        let entry = try entry
        let object = try JSONSerialization.jsonObject(with: Data(entry.exampleJSON.utf8)) as? [String: Any]
        #expect(object?.count == 7)
        let change = try JSONSerialization.jsonObject(with: Data(entry.changeExampleJSON.utf8)) as? [String: Any]
        #expect(change?["rank"] as? Int == 7)
    }
}
