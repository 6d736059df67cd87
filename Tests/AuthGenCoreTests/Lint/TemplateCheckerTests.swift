@testable import AuthGenCore
import Testing

@Suite struct TemplateCheckerTests {
    private let checker = TemplateChecker(frames: [.init(keys: ContextSchema.keys)])

    private func messages(_ text: String, checker: TemplateChecker? = nil) -> [String] {
        (checker ?? self.checker).check(text, file: "t.mustache").diagnostics.map(\.description)
    }

    @Test func sectionsOverListsAndObjectsBringTheirKeysIntoScope() {
        #expect(messages("""
            {{#resources}}{{typeName}}{{#fields}}{{propertyName}}{{typeName}}{{project.name}}{{/fields}}{{/resources}}
            {{#auth.jwt}}{{issuer}}{{/auth.jwt}}{{#cors.allowOrigins}}{{.}}{{/cors.allowOrigins}}
            {{#resources}}{{#first()}}first{{/first()}}{{index()}}{{/resources}}{{uppercased(project.name)}}
            """).isEmpty)
    }

    @Test func outsideTheirSectionElementKeysAreUnknown() {
        #expect(messages("{{typeName}}\n{{#resources}}{{/resources}}{{fields}}{{#resources}}{{swiftType}}{{/resources}}") == [
            "t.mustache:1:1: error: '{{typeName}}' names unknown context key 'typeName'; 'typeName' is a key of each element of 'resources': use it inside {{#resources}}…{{/resources}}",
            "t.mustache:2:29: error: '{{fields}}' names unknown context key 'fields'; 'fields' is a key of each element of 'resources': use it inside {{#resources}}…{{/resources}}",
            "t.mustache:2:53: error: '{{swiftType}}' names unknown context key 'swiftType'; 'swiftType' is a key of each element of 'resources[].fields': use it inside {{#fields}}…{{/fields}}",
        ])
    }

    @Test func anInvertedSectionKeepsTheOuterScope() {
        #expect(messages("{{^resources}}{{typeName}}{{/resources}}").count == 1)
        #expect(messages("{{#hasResources}}{{project.title}}{{/hasResources}}").isEmpty)
    }

    @Test func aLeadingDotLooksOnlyInTheInnermostScope() {
        #expect(messages("{{#resources}}{{.typeName}}{{.project.name}}{{/resources}}") == [
            "t.mustache:1:28: error: '{{.project.name}}' names unknown context key '.project.name'; see `authgen context --reference` for the keys in scope",
        ])
    }

    @Test func aForEachFileSeesTheElementAtTheTop() {
        let forEach = TemplateChecker(frames: [
            .init(keys: ContextSchema.keys),
            .init(keys: ContextSchema.keys.first { $0.name == "resources" }!.type.members!, prefix: "resources[].", isListElement: true),
        ])
        #expect(messages("{{typeName}} {{project.name}} {{#fields}}{{name}}{{/fields}}", checker: forEach).isEmpty)
    }

    @Test func unknownTransformsAndSequenceTransformsOutsideALists() {
        #expect(messages("{{upercased(project.name)}}{{first()}}") == [
            "t.mustache:1:1: error: '{{upercased(project.name)}}' names unknown context key 'project.name'; did you mean 'uppercased(project.name)'?",
            "t.mustache:1:28: error: '{{first()}}' names unknown context key ''; see `authgen context --reference` for the keys in scope",
        ])
    }

    @Test func aTypoInASectionNameIsOneError() {
        #expect(messages("{{#resorces}}{{typeName}}{{anything}}{{/resorces}}") == [
            "t.mustache:1:1: error: '{{#resorces}}' names unknown context key 'resorces'; did you mean 'resources'?",
        ])
    }
}
