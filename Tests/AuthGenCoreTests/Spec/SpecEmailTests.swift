@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: email")
struct SpecEmailTests {
    private func errors(_ email: String) -> [String] {
        let result = SpecLoader.parse("version: 1\nproject: {name: app}\nemail:\n" + email, file: "s.yaml")
        if result.diagnostics.hasErrors { #expect(result.spec == nil) }
        return result.diagnostics.map(\.description)
    }

    @Test("without the key the server sends no mail; with only from, the defaults")
    func absentAndDefaults() throws {
        #expect(try #require(loadValidSpec("")).email == nil)
        let spec = try #require(loadValidSpec("email: {from: no-reply@example.com}\n"))
        #expect(spec.email == Spec.Email(
            from: "no-reply@example.com", transport: .file, verification: .optional,
            passwordResetTTL: Duration(seconds: 1800, text: "30m"), invitations: false))
    }

    @Test("every key is read, verification: off unquoted included")
    func everyKey() throws {
        let spec = try #require(loadValidSpec("""
            email:
              from: "Blog <no-reply@example.com>"
              transport: smtp
              verification: required
              password_reset: {ttl: 2h}
              invitations: true

            """))
        #expect(spec.email == Spec.Email(
            from: "Blog <no-reply@example.com>", transport: .smtp, verification: .required,
            passwordResetTTL: Duration(seconds: 7200, text: "2h"), invitations: true))
        #expect(try #require(loadValidSpec("email:\n  from: a@b.co\n  verification: off\n")).email?.verification == .off)
    }

    @Test("from is a mailbox: an address, or a name and an address", arguments: [
        "no-reply@example.com", "first.last+tag@mail.example.co.uk", "Blog <no-reply@example.com>",
        "My Blog Team <a@localhost>", "'\"Blog, Inc.\" <a@b.co>'", "Café Ünïcode <a@b.co>",
    ])
    func validMailboxes(_ from: String) {
        #expect(errors("  from: \(from)\n") == [])
    }

    @Test("anything else is refused at its place, header injection first", arguments: [
        "\"Blog\\r\\nBcc: victim@example.com <a@b.co>\"", "\"a@b.co\\nBcc: x@y.z\"", "\"Blog <a@b.co>\\r\\n\"",
        "Blog <a@b.co", "\"Blog, Inc <a@b.co>\"", "no-reply", "\"@example.com\"", "\"a b@c.d\"", "\"Blog <a@b.co> x\"",
        "\"Blog  <a@b.co>\"", "\"Bad\\u2028Name <a@b.co>\"", "\"<a@b.co>\"", "\"a@-b.co\"", "\"\"",
    ])
    func invalidMailboxes(_ from: String) {
        let found = errors("  from: \(from)\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("s.yaml:4:9: error: email.from: ") == true, "\(found)")
    }

    @Test("from is required; unknown values get the nearest one")
    func requiredAndChoices() {
        #expect(errors("  transport: smtp\n") == ["s.yaml:4:3: error: missing required key 'from' in email"])
        #expect(errors("  from: a@b.co\n  transport: smpt\n  verification: maybe\n  invitation: true\n") == [
            "s.yaml:5:14: error: email.transport: unknown value 'smpt'; did you mean 'smtp'? (allowed: smtp, file)",
            "s.yaml:6:17: error: email.verification: unknown value 'maybe' (allowed: off, optional, required)",
            "s.yaml:7:3: error: unknown key 'invitation' in email; did you mean 'invitations'?",
        ])
    }

    @Test("a reset link lives 5 minutes to a day")
    func resetTTLBounds() throws {
        #expect(try #require(loadValidSpec("email: {from: a@b.co, password_reset: {ttl: 5m}}\n")).email?.passwordResetTTL.seconds == 300)
        #expect(try #require(loadValidSpec("email: {from: a@b.co, password_reset: {ttl: 1d}}\n")).email?.passwordResetTTL.seconds == 86400)
        #expect(errors("  from: a@b.co\n  password_reset: {ttl: 299s}\n") == [
            "s.yaml:5:25: error: email.password_reset.ttl: '299s' is too short; use 5m to 1d (a reset link must outlive reading the mail, and not much longer)",
        ])
        #expect(errors("  from: a@b.co\n  password_reset: {ttl: 25h}\n") == [
            "s.yaml:5:25: error: email.password_reset.ttl: '25h' is too long; use 5m to 1d (a reset link must outlive reading the mail, and not much longer)",
        ])
        #expect(errors("  from: a@b.co\n  password_reset: {ttl: 30}\n").first?.hasPrefix("s.yaml:5:25: error: email.password_reset.ttl: ") == true)
    }

    @Test("the context: flags off without the key, each value in the form templates print")
    func context() throws {
        let none = ContextBuilder().build(try #require(loadValidSpec("")))
        #expect(none.email == .init(
            enabled: false, from: "", fromLiteral: "\"\"", fromAddress: "", fromAddressLiteral: "\"\"", fromName: "",
            fromNameLiteral: "\"\"", transport: "file", transportSMTP: false, transportFile: true, verification: "off",
            verificationOn: false, verificationRequired: false, passwordResetTTL: "30m", passwordResetTTLSeconds: 1800,
            passwordReset: false, invitations: false))
        let spec = try #require(loadValidSpec("""
            email:
              from: '"Blog, Inc." <no-reply@example.com>'
              transport: smtp
              verification: required
              password_reset: {ttl: 15m}
              invitations: true

            """))
        let email = ContextBuilder().build(spec).email
        #expect(email == .init(
            enabled: true, from: #""Blog, Inc." <no-reply@example.com>"#, fromLiteral: #""\"Blog, Inc.\" <no-reply@example.com>""#,
            fromAddress: "no-reply@example.com", fromAddressLiteral: #""no-reply@example.com""#, fromName: "Blog, Inc.",
            fromNameLiteral: #""Blog, Inc.""#, transport: "smtp", transportSMTP: true, transportFile: false,
            verification: "required", verificationOn: true, verificationRequired: true, passwordResetTTL: "15m",
            passwordResetTTLSeconds: 900, passwordReset: true, invitations: true))
        let optional = ContextBuilder().build(try #require(loadValidSpec("email: {from: a@b.co}\n"))).email
        #expect(optional.verificationOn && !optional.verificationRequired && optional.fromName == "" && optional.fromAddress == "a@b.co")
        let off = ContextBuilder().build(try #require(loadValidSpec("email: {from: a@b.co, verification: off}\n"))).email
        #expect(off.enabled && !off.verificationOn && !off.verificationRequired && off.passwordReset)
    }
}
