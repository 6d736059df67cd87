@testable import AuthGenCore
import Testing

@Suite("Spec: odd input never crashes and always explains itself")
struct SpecRobustnessTests {
    static let inputs: [String] = [
        "version: 1\nproject: {name: app}\nresources: [1, \"x\", {name: 5}, null]\n",
        "version: 1\nproject: [1]\n",
        "version: 1\nproject: {name: app}\nresources:\n  - name: post\n    fields: [title]\n",
        "1: x\nversion: 1\nproject: {name: app}\n",
        "? [a, b]\n: c\nversion: 1\nproject: {name: app}\n",
        "base: &base {name: app}\nversion: 1\nproject: *base\n",
        "version: 1\nproject:\n  <<: {name: app}\n",
        "version: 99999999999999999999999\nproject: {name: app}\n",
        "version: 1\nproject: {name: app}\nauth: {jwt: {access_token_ttl: 99999999999999999999d, refresh_token_ttl: 9999999999999999d}}\n",
        "version: 1\nproject: {name: app}\nauth: {rate_limit: {login: 99999999999999999999999/day}}\n",
        "version: 1\nproject: {name: app}\nresources: \n",
        "version: 1\nproject: {name: app}\nresources:\n  - name: post\n    fields: {title: {type: double, default: .nan}, body: {type: string, default: null}}\n",
        "\u{FEFF}version: 1\nproject: {name: app}\n",
        "version: 1\nproject:\n  name: app\n  description: |\n    two\n    lines\n",
        "version: 1\nproject: {name: app}\ncors: {allow_origins: [\"*\", \"https://a.example\"], allow_credentials: false}\n",
        "version: 1\nproject: {name: app}\nresources:\n  - name: post\n    fields: {title: string}\n    access: owner\n",
        "version: 1\nproject: {name: app}\nresources:\n  - {name: post, fields: {\"\": {type: int}, 5: {type: int}}}\n",
        "version: 1\nproject: {name: app}\nserver: {api_prefix: \"\", host: \"\"}\n",
        "version: 1\nproject: {name: app}\ncors: {allow_origins: [\"http://[::1]:3000\", \"https://a-b.example.com:443\"]}\n",
        "version: 1\nproject: {name: app}\n---\n",
        "---\n...\n",
        "\"unterminated\n",
        "version: 1\nproject: {name: app}\nresources:\n  - name: post\n    fields: {t: {type: string, max_length: 3, default: toolong}}\n",
    ]

    @Test("odd specs give diagnostics with positions, and a model only without errors", arguments: inputs)
    func oddInput(text: String) {
        let result = SpecLoader.parse(text, file: "odd.yaml")
        #expect((result.spec == nil) == result.diagnostics.hasErrors)
        for diagnostic in result.diagnostics {
            #expect((diagnostic.location?.line ?? 0) >= 1)
            #expect((diagnostic.location?.column ?? 0) >= 1)
            #expect(diagnostic.description.hasPrefix("odd.yaml:"))
        }
    }

    @Test("accepted odd specs")
    func acceptedOddSpecs() {
        let alias = SpecLoader.parse("base: &base {name: app}\nversion: 1\nproject: *base\n", file: "a.yaml")
        #expect(alias.spec == nil)  // 'base' is an unknown key
        let bom = SpecLoader.parse("\u{FEFF}version: 1\nproject: {name: app}\n", file: "b.yaml")
        #expect(bom.spec == Spec(project: .init(name: "app")))
        let multiline = SpecLoader.parse("version: 1\nproject:\n  name: app\n  description: |\n    two\n    lines\n", file: "c.yaml")
        #expect(multiline.spec?.project.description == "two\nlines\n")
        let ipv6 = SpecLoader.parse("version: 1\nproject: {name: app}\ncors: {allow_origins: [\"http://[::1]:3000\", \"https://a-b.example.com:443\"]}\n", file: "d.yaml")
        #expect(ipv6.diagnostics.isEmpty, "\(ipv6.diagnostics)")
    }
}
