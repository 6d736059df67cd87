@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: account")
struct SpecAccountTests {
    private func errors(_ account: String) -> [String] {
        let result = SpecLoader.parse("version: 1\nproject: {name: app}\naccount:\n" + account, file: "s.yaml")
        if result.diagnostics.hasErrors { #expect(result.spec == nil) }
        return result.diagnostics.map(\.description)
    }

    @Test("without the key the account plugin is off; every key is read")
    func absentAndEveryKey() throws {
        #expect(try #require(loadValidSpec("")).account == nil)
        let spec = try #require(loadValidSpec("account: {self_delete: true, export: true, on_delete: cascade}\n"))
        #expect(spec.account == Spec.Account(selfDelete: true, export: true, onDelete: .cascade))
        #expect(try #require(loadValidSpec("account: {export: true}\n")).account == Spec.Account(selfDelete: false, export: true))
    }

    @Test("on_delete: anonymize unless the spec says cascade; without the section the owner column stays cascade")
    func onDeleteDefault() throws {
        let defaulted = try #require(loadValidSpec("account: {self_delete: true}\n"))
        #expect(defaulted.account?.onDelete == .anonymize && defaulted.authorOnDelete == .anonymize)
        #expect(try #require(loadValidSpec("account: {self_delete: true, on_delete: cascade}\n")).authorOnDelete == .cascade)
        #expect(try #require(loadValidSpec("")).authorOnDelete == .cascade)
        // Where a later stage points at it: the key, or the section when the key is left out.
        #expect(SpecLoader.parse("version: 1\nproject: {name: app}\naccount:\n  self_delete: true\n  on_delete: anonymize\n", file: "s.yaml")
            .locations.onDelete() == SourceLocation(file: "s.yaml", line: 5, column: 14))
        #expect(SpecLoader.parse("version: 1\nproject: {name: app}\naccount:\n  self_delete: true\n", file: "s.yaml")
            .locations.onDelete().line == 4)
    }

    @Test("the plugin is on when either flag is, and its context follows the spec")
    func context() throws {
        let both = try #require(loadValidSpec("account: {self_delete: true, export: true}\n"))
        #expect(ContextBuilder.account(both.account) == .init(enabled: true, selfDelete: true, export: true, onDelete: "anonymize", anonymize: true))
        let neither = try #require(loadValidSpec("account: {self_delete: false}\n"))
        #expect(ContextBuilder.account(neither.account).enabled == false)
        #expect(ContextBuilder.account(nil) == .init(enabled: false, selfDelete: false, export: false, onDelete: "cascade", anonymize: false))
    }

    @Test("wrong values and unknown keys are refused at their place")
    func refusals() {
        #expect(errors("  self_delete: yes please\n  on_delete: cascad\n  exports: true\n") == [
            "s.yaml:4:16: error: account.self_delete: expected a boolean (true or false), found a string 'yes please'",
            "s.yaml:5:14: error: account.on_delete: unknown value 'cascad'; did you mean 'cascade'? (allowed: anonymize, cascade)",
            "s.yaml:6:3: error: unknown key 'exports' in account; did you mean 'export'?",
        ])
    }
}
