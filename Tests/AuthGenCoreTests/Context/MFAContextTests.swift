@testable import AuthGenCore
import Foundation
import Testing

/// `auth.mfa` in the context, and the `mfa` feature plugin it turns on.
@Suite("Context: auth.mfa")
struct MFAContextTests {
    @Test func eachPolicySetsItsFlags() {
        let off = ContextBuilder.mfa(.init())
        #expect(off.totp == "off" && !off.enabled && !off.requiredForSuperusers && !off.requiredForEveryone && off.recoveryCodes == 10)
        let optional = ContextBuilder.mfa(.init(totp: .optional, recoveryCodes: 8))
        #expect(optional.enabled && !optional.requiredForSuperusers && !optional.requiredForEveryone && optional.recoveryCodes == 8)
        let superusers = ContextBuilder.mfa(.init(totp: .requiredForSuperusers))
        #expect(superusers.totp == "required_for_superusers" && superusers.enabled && superusers.requiredForSuperusers && !superusers.requiredForEveryone)
        let everyone = ContextBuilder.mfa(.init(totp: .required))
        #expect(everyone.enabled && everyone.requiredForSuperusers && everyone.requiredForEveryone)
    }

    @Test func thePluginIsOnUnlessTOTPIsOff() throws {
        let generator = Generator(pluginFolders: [Fixtures.repository.appendingPathComponent("Templates")], contextBuilder: fixedSecretBuilder)
        var spec = Spec(project: .init(name: "probe"))
        let without = try generator.render(spec).files.map(\.path)
        #expect(!without.contains("Sources/App/MFA/MFAExtension.swift"))
        spec.auth.mfa = .init(totp: .optional, recoveryCodes: 12)
        let files = try generator.render(spec).files
        #expect(files.contains { $0.path == "Sources/App/MFA/MFAExtension.swift" })
        #expect(files.contains { $0.path == "Tests/AppTests/MFATests.swift" })
        let settings = try #require(files.first { $0.path == "Sources/App/Config/Settings.swift" })
        #expect(String(decoding: settings.contents, as: UTF8.self).contains("var mfaRecoveryCodes: Int = 12"))
    }
}
