@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: the examples load")
struct SpecExampleTests {
    @Test("Examples/blog.yaml gives exactly the blog spec, without diagnostics")
    func blog() {
        let result = SpecLoader.load(path: SpecTestFiles.example("blog.yaml").path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        var expected = Spec(
            version: 1,
            project: .init(name: "blog-api", description: "Blog backend with JWT authentication"),
            server: .init(framework: "hummingbird", host: "127.0.0.1", port: 8080, apiPrefix: "/api"),
            database: .init(driver: .sqlite, sqlitePath: "data/blog-api.sqlite"),
            auth: .init(
                jwt: .init(
                    algorithm: .hs256, issuer: "blog-api", audience: "blog-api-clients",
                    accessTokenTTL: Duration(seconds: 1800, text: "30m"), refreshTokenTTL: Duration(seconds: 604_800, text: "7d")),
                password: .init(bcryptCost: 12, minLength: 8, maxLength: 72, require: [.upper, .lower, .digit, .special], rejectCommon: true),
                registration: .open,
                rateLimit: .init(login: Rate(limit: 5, per: .minute), register: Rate(limit: 10, per: .minute)),
                mfa: .init(totp: .optional, recoveryCodes: 10),
                sessions: .init(list: true),
                apiKeys: .init(enabled: true, maxPerUser: 10, maxTTL: Duration(seconds: 365 * 86400, text: "365d"))),
            cors: .init(allowOrigins: ["http://localhost:3000"], allowCredentials: true),
            production: .init(httpsOnly: true, hsts: true),
            resources: [
                .init(
                    name: "post",
                    fields: [
                        .init(name: "title", type: .string, maxLength: 200),
                        .init(name: "content", type: .text, maxLength: 10000),
                        .init(name: "published", type: .bool, defaultValue: .bool(false)),
                    ],
                    owned: true,
                    access: .init(
                        list: .public, read: .public, create: .authenticated,
                        update: .anyOf(["owner", "editor"]), delete: .anyOf(["superuser", "editor"]))),
            ],
            docker: .init(builderImage: "swift:6.1-noble", runtimeImage: "ubuntu:noble", compose: true))
        expected.roles = [.init(name: "editor", description: "Edits and deletes any post")]
        expected.email = .init(
            from: "Blog <no-reply@example.com>", transport: .file, verification: .optional,
            passwordResetTTL: Duration(seconds: 1800, text: "30m"), invitations: true)
        expected.account = .init(selfDelete: true, export: true, onDelete: .anonymize)
        #expect(result.spec == expected)
    }

    @Test("Examples/minimal.yaml takes every default")
    func minimal() {
        let result = SpecLoader.load(path: SpecTestFiles.example("minimal.yaml").path)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.spec == Spec(project: .init(name: "hello-auth")))
        let spec = result.spec
        #expect(spec?.database.sqlitePath == "data/hello-auth.sqlite")
        #expect(spec?.auth.jwt.issuer == "hello-auth")
        #expect(spec?.auth.jwt.audience == "hello-auth-clients")
        #expect(spec?.project.description == "")
        #expect(spec?.docker == nil)
        #expect(spec?.resources == [])
    }

    @Test("empty sections take their defaults; docker: {} turns Docker on with default images")
    func emptySections() {
        let text = """
            version: 1
            project: {name: app}
            server: {}
            database: {}
            auth: {jwt: {}, password: {}, rate_limit: {}}
            cors: {}
            production: {}
            resources: []
            docker: {}
            """
        let result = SpecLoader.parse(text, file: "sections.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.spec == Spec(project: .init(name: "app"), docker: .init()))
    }

    @Test("docker.replicas: 1 unless set, 1 to 16, refused at its line and column")
    func dockerReplicas() {
        let three = SpecLoader.parse("version: 1\nproject: {name: app}\ndocker: {replicas: 3}\n", file: "three.yaml")
        #expect(three.diagnostics.isEmpty, "\(three.diagnostics)")
        #expect(three.spec?.docker?.replicas == 3)
        #expect(SpecLoader.parse("version: 1\nproject: {name: app}\ndocker: {}\n", file: "one.yaml").spec?.docker?.replicas == 1)
        for bad in ["0", "17", "two", "'3'"] {
            let result = SpecLoader.parse("version: 1\nproject: {name: app}\ndocker:\n  replicas: \(bad)\n", file: "bad.yaml")
            #expect(result.spec == nil)
            #expect(result.diagnostics.map(\.description).contains { $0.hasPrefix("bad.yaml:4:13: error: docker.replicas: ") },
                    "\(bad): \(result.diagnostics)")
        }
    }

    @Test("a spec with only warnings still gives a model")
    func warningsKeepTheModel() {
        let text = """
            version: 1
            project: {name: app}
            auth: {password: {bcrypt_cost: 10}}
            cors: {allow_origins: ["http://app.example.com"]}
            """
        let result = SpecLoader.parse(text, file: "warn.yaml")
        #expect(result.diagnostics.map(\.description) == [
            "warn.yaml:3:32: warning: auth.password.bcrypt_cost: 10 is a low bcrypt cost for production; 12 or more is recommended",
            "warn.yaml:4:24: warning: cors.allow_origins[0]: 'http://app.example.com' uses plain http on a public host; use https for a production origin",
        ])
        #expect(result.spec?.auth.password.bcryptCost == 10)
        #expect(result.spec?.cors.allowOrigins == ["http://app.example.com"])
    }

    @Test("every kind of value decodes: api_prefix '/', unowned resources, field defaults, '*' without credentials")
    func values() {
        let text = """
            version: 1
            project: {name: shop2-api}
            server: {framework: vapor, host: 0.0.0.0, port: 9000, api_prefix: /}
            database: {driver: postgres, sqlite_path: db/shop.sqlite}
            auth:
              jwt: {algorithm: EdDSA, issuer: shop, audience: shoppers, access_token_ttl: 90s, refresh_token_ttl: 12h}
              password: {bcrypt_cost: 16, min_length: 1, max_length: 1, require: [digit, upper], reject_common: false}
              registration: closed
              rate_limit: {login: 1/second, register: 100/day}
            cors: {allow_origins: ["*"], allow_credentials: false}
            production: {https_only: false, hsts: false}
            resources:
              - name: category
                owned: false
                fields:
                  label: {type: string, max_length: 10, default: "misc", optional: true}
                  rank: {type: int, default: -3}
                  weight: {type: double, default: 2}
                  ratio: {type: double, default: 0.5}
                  since: {type: date, default: 2024-01-31}
                  seen_at: {type: date, default: "2024-01-31T10:00:00Z"}
                access: {list: public, read: authenticated, create: superuser, update: superuser, delete: superuser}
            docker: {compose: false}
            """
        let result = SpecLoader.parse(text, file: "values.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let expected = Spec(
            project: .init(name: "shop2-api"),
            server: .init(framework: "vapor", host: "0.0.0.0", port: 9000, apiPrefix: ""),
            database: .init(driver: .postgres, sqlitePath: "db/shop.sqlite"),
            auth: .init(
                jwt: .init(
                    algorithm: .eddsa, issuer: "shop", audience: "shoppers",
                    accessTokenTTL: Duration(seconds: 90, text: "90s"), refreshTokenTTL: Duration(seconds: 43_200, text: "12h")),
                password: .init(bcryptCost: 16, minLength: 1, maxLength: 1, require: [.digit, .upper], rejectCommon: false),
                registration: .closed,
                rateLimit: .init(login: Rate(limit: 1, per: .second), register: Rate(limit: 100, per: .day))),
            cors: .init(allowOrigins: ["*"], allowCredentials: false),
            production: .init(httpsOnly: false, hsts: false),
            resources: [
                .init(
                    name: "category",
                    fields: [
                        .init(name: "label", type: .string, maxLength: 10, defaultValue: .string("misc"), optional: true),
                        .init(name: "rank", type: .int, defaultValue: .int(-3)),
                        .init(name: "weight", type: .double, defaultValue: .double(2)),
                        .init(name: "ratio", type: .double, defaultValue: .double(0.5)),
                        .init(name: "since", type: .date, defaultValue: .string("2024-01-31")),
                        .init(name: "seen_at", type: .date, defaultValue: .string("2024-01-31T10:00:00Z")),
                    ],
                    owned: false,
                    access: .init(list: .public, read: .authenticated, create: .superuser, update: .superuser, delete: .superuser)),
            ],
            docker: .init(compose: false))
        #expect(result.spec == expected)
    }

    @Test("a missing file is one error without a location")
    func missingFile() {
        let result = SpecLoader.load(path: "/nonexistent/spec.yaml")
        #expect(result.spec == nil)
        #expect(result.diagnostics.map(\.description) == ["error: cannot read spec file '/nonexistent/spec.yaml': no such file (the folder '/nonexistent' does not exist either)"])
    }

    @Test("plural of resource names", arguments: [("post", "posts"), ("category", "categories"), ("day", "days"), ("box", "boxes"), ("user", "users"), ("doc", "docs")])
    func plural(name: String, plural: String) {
        #expect(SpecResourceDecoder.plural(of: name) == plural)
    }
}
