@testable import AuthGenCore
import Testing

@Suite("Render: options as Swift literals")
struct OptionLiteralTests {
    @Test func stringsAndStringListsGetASwiftLiteralOthersDoNot() {
        let scoped = Renderer.withLiterals(.object([
            "message": .string(#"Say "hi" \o/"#),
            "origins": .array([.string("a\"b"), .string("c")]),
            "days": .int(3),
        ]))
        #expect(scoped.value(at: "messageLiteral") == .string(#""Say \"hi\" \\o/""#))
        #expect(scoped.value(at: "message") == .string(#"Say "hi" \o/"#))
        #expect(scoped.value(at: "originsLiteral") == .string(#"["a\"b", "c"]"#))
        #expect(scoped.value(at: "daysLiteral") == nil)
    }
}
