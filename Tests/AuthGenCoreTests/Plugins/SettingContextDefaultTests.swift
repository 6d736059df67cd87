@testable import AuthGenCore
import Foundation
import Testing

/// `context_default:` in a plugin setting: the default comes from the spec through a context key (e.g. `email.transport`).
@Suite("plugin.yaml: a setting's context_default")
struct SettingContextDefaultTests {
    private func problems(_ settings: String) -> [String] {
        featureManifestProblems(name: "email", file: "email/plugin.yaml", "settings:\n" + settings)
    }

    private func plugin(_ yaml: String) throws -> Plugin {
        let manifest = try PluginManifestLoader.parse("name: email\nkind: feature\nfiles: []\nsettings:\n" + yaml, file: "email/plugin.yaml")
        return Plugin(manifest: manifest, templateFiles: [:], overridden: [:], folders: [])
    }

    private func context(_ email: String) throws -> JSONValue {
        let spec = try #require(loadValidSpec(email))
        return try JSONValue(encoding: ContextBuilder().build(spec))
    }

    @Test func theDefaultIsTheSpecsValue() throws {
        let email = try plugin("""
              - name: EMAIL_TRANSPORT
                type: string
                context_default: email.transport
                description: smtp or file
              - name: EMAIL_RESET_TTL_SECONDS
                type: int
                context_default: email.passwordResetTTLSeconds
                min: 60
                max: 86400
                description: Reset link lifetime
              - name: EMAIL_VERIFY
                type: bool
                context_default: email.verificationRequired
                description: Verification required
            """)
        #expect(email.manifest.settings.map(\.contextDefault) == ["email.transport", "email.passwordResetTTLSeconds", "email.verificationRequired"])
        let list = try ContextBuilder.pluginSettings(
            of: [email], options: [:],
            context: try context("email: {from: a@b.co, transport: smtp, verification: required, password_reset: {ttl: 15m}}\n"))
        #expect(list.map(\.defaultLiteral) == [#""smtp""#, "900", "true"])
        #expect(list.map(\.envDefault) == ["smtp", "900", "true"])
        let defaults = try ContextBuilder.pluginSettings(of: [email], options: [:], context: try context("email: {from: a@b.co}\n"))
        #expect(defaults.map(\.envDefault) == ["file", "1800", "false"])
    }

    @Test func anUnknownKeyAnotherTypeOrAValueOutOfRangeIsAnErrorAtTheSetting() throws {
        let email = try plugin("""
              - name: EMAIL_TRANSPORT
                type: string
                context_default: email.transprot
                description: smtp or file
              - name: EMAIL_TTL
                type: int
                context_default: email.transport
                min: 1
                max: 9
                description: x
              - name: EMAIL_TTL_SECONDS
                type: int
                context_default: email.passwordResetTTLSeconds
                min: 1
                max: 9
                description: x
            """)
        #expect {
            try ContextBuilder.pluginSettings(of: [email], options: [:], context: try context("email: {from: a@b.co}\n"))
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
                "email/plugin.yaml:5:5: error: setting EMAIL_TRANSPORT: context_default names unknown context key 'email.transprot'; did you mean 'email.transport'?",
                "email/plugin.yaml:9:5: error: setting EMAIL_TTL: context_default names context key 'email.transport', which is not an int",
                "email/plugin.yaml:15:5: error: setting EMAIL_TTL_SECONDS: context key 'email.passwordResetTTLSeconds' is 1800, outside 1...9",
            ]
        }
    }

    @Test func oneSourceOfDefaultAndNeverASecret() {
        #expect(problems("""
              - name: EMAIL_A
                type: string
                default: file
                context_default: email.transport
                description: x
              - name: EMAIL_B
                type: string
                context_default: secrets.secretKey
                description: x
              - name: EMAIL_C
                type: string
                context_default: "email transport"
                description: x
            """) == [
            "email/plugin.yaml:8:22: error: give one of 'default', 'option' or 'context_default', not 'default' and 'context_default'",
            "email/plugin.yaml:12:22: error: context_default cannot name a secret: a setting's default is printed in .env.example, compose and the README",
            "email/plugin.yaml:16:22: error: context_default must name a context key, e.g. email.transport",
        ])
    }

    @Test("test_value: the value the server's own tests run with, of the setting's type and range")
    func aTestValueReachesTheContextAndIsChecked() throws {
        let email = try plugin("""
              - name: EMAIL_VERIFY
                type: bool
                context_default: email.verificationRequired
                test_value: false
                description: Verification required
              - name: EMAIL_TTL
                type: int
                default: 60
                min: 1
                max: 100
                description: TTL
            """)
        let list = try ContextBuilder.pluginSettings(
            of: [email], options: [:], context: try context("email: {from: a@b.co, verification: required}\n"))
        #expect(list.map(\.defaultLiteral) == ["true", "60"])
        #expect(list.map(\.hasTestValue) == [true, false])
        #expect(list.map(\.testLiteral) == ["false", ""])
        #expect(problems("""
              - name: EMAIL_A
                type: bool
                default: true
                test_value: maybe
                description: x
              - name: EMAIL_B
                type: int
                default: 5
                min: 1
                max: 10
                test_value: 11
                description: x
            """) == [
            "email/plugin.yaml:8:17: error: test_value must be a bool",
            "email/plugin.yaml:15:17: error: test_value 11 is outside min...max (1...10)",
        ])
    }
}
