@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: docs.enabled")
struct SpecDocsTests {
    private func parse(_ body: String) -> SpecLoadResult {
        SpecLoader.parse("version: 1\nproject: {name: app}\n" + body, file: "docs.yaml")
    }

    @Test("on by default, off when the spec says so, and the context carries it")
    func values() throws {
        let byDefault = try #require(parse("").spec)
        #expect(byDefault.docs.enabled)
        #expect(fixedSecretBuilder.build(byDefault).docs.enabled)
        let off = try #require(parse("docs: {enabled: false}\n").spec)
        #expect(!off.docs.enabled)
        #expect(!fixedSecretBuilder.build(off).docs.enabled)
    }

    @Test("a wrong value or an unknown key is an error at its file:line:column")
    func errors() {
        let wrong = parse("docs:\n  enabled: sometimes\n")
        #expect(wrong.spec == nil)
        #expect(wrong.diagnostics.map(\.description).contains { $0.hasPrefix("docs.yaml:4:12: error: docs.enabled") }, "\(wrong.diagnostics)")
        let unknown = parse("docs: {enable: true}\n")
        #expect(unknown.spec == nil)
        #expect(unknown.diagnostics.map(\.description).contains { $0.hasPrefix("docs.yaml:3:8: error:") && $0.contains("enable") }, "\(unknown.diagnostics)")
    }

    @Test("the JSON schema describes docs.enabled")
    func schema() {
        let schema = SpecSchema.jsonSchema()
        #expect(schema.contains(#""docs""#) && schema.contains("Serve the Swagger UI page at /docs"))
    }
}
