import Foundation
import Testing

@testable import App

/// Mails composed from the run-time templates of `MailTemplates.swift`, and the links they carry.
@Suite("Mail composer")
struct MailComposerTests {
    static let composer = try! MailComposer(links: MailLinkBuilder(publicURL: "https://app.example.com/", style: .query))

    @Test("a password reset mail carries the front end's link with the token, the app's name and the values")
    func passwordReset() throws {
        let mail = Self.composer.compose(.passwordReset, to: "ada@example.org", token: "tok_EN-1.2~3", values: ["expires_in": "30 minutes"])
        #expect(mail.to == "ada@example.org")
        #expect(mail.subject == "Reset your \(SpecDefaults.title) password")
        #expect(mail.text.contains("https://app.example.com/reset-password?token=tok_EN-1.2~3\n"))
        #expect(mail.text.contains("within 30 minutes"))
        #expect(mail.html?.contains("href=\"https://app.example.com/reset-password?token=tok_EN-1.2~3\"") == true)
        let received = ReceivedMail(parsing: try MailMessage(mail, from: MailAddress("no-reply@example.com")).data)
        #expect(received.token == "tok_EN-1.2~3")
    }

    @Test("every template renders, and every mail with a token holds its link")
    func everyTemplate() {
        for name in MailTemplateName.allCases {
            let mail = Self.composer.compose(name, to: "ada@example.org", token: "abc", values: ["expires_in": "1 day"])
            #expect(!mail.subject.isEmpty)
            #expect(!mail.subject.contains("{{"))
            #expect(!mail.text.contains("{{"))
            if name != .emailChanged {
                #expect(mail.text.contains(Self.composer.link(for: name, token: "abc")))
            }
        }
    }

    @Test("values are HTML-escaped in the HTML part only, and a subject stays one line")
    func escaping() {
        let composer = try! MailComposer(
            links: MailLinkBuilder(publicURL: "https://app.example.com"),
            templates: { _ in MailTemplate(linkPath: "/x", subject: "Hello {{name}}", text: "Hi {{name}}", html: "<p>Hi {{name}}</p>") }
        )
        let mail = composer.compose(.invitation, to: "ada@example.org", values: ["name": "<b>Ada</b>\r\nBcc: victim@example.net"])
        #expect(mail.html == "<p>Hi &lt;b&gt;Ada&lt;/b&gt;\r\nBcc: victim@example.net</p>")
        #expect(mail.text == "Hi <b>Ada</b>\r\nBcc: victim@example.net")
        #expect(mail.subject == "Hello <b>Ada</b> Bcc: victim@example.net")
    }

    @Test("tokens are percent-encoded; the fragment style keeps them out of the query")
    func links() {
        #expect(MailLinkBuilder(publicURL: "https://app.example.com", style: .query).link(path: "/verify", token: "a+b/c=") == "https://app.example.com/verify?token=a%2Bb%2Fc%3D")
        #expect(MailLinkBuilder(publicURL: "https://app.example.com/", style: .fragment).link(path: "verify", token: "abc") == "https://app.example.com/verify#token=abc")
        #expect(MailLinkBuilder(publicURL: "https://app.example.com", style: .query).link(path: "/p?lang=en", token: "abc") == "https://app.example.com/p?lang=en&token=abc")
    }

    @Test("a template with a syntax error stops the start-up, naming the template")
    func syntaxError() {
        let error = #expect(throws: MailSetupError.self) {
            try MailComposer(
                links: MailLinkBuilder(publicURL: "https://app.example.com"),
                templates: { name in MailTemplate(linkPath: "/", subject: name == .verifyEmail ? "{{#open}}" : "ok", text: "", html: nil) }
            )
        }
        #expect(error?.description.hasPrefix("MailTemplates.verifyEmail") == true)
    }

    @Test("EMAIL_PUBLIC_URL must be an absolute http(s) URL without query or fragment")
    func publicURL() {
        #expect(throws: Never.self) { try MailLinkBuilder.validate(publicURL: "http://localhost:3000") }
        #expect(throws: Never.self) { try MailLinkBuilder.validate(publicURL: "https://app.example.com/app") }
        for wrong in ["app.example.com", "ftp://app.example.com", "https://app.example.com/?a=b", "https://app.example.com#x", "https://"] {
            #expect(throws: MailSetupError.self) { try MailLinkBuilder.validate(publicURL: wrong) }
        }
    }
}
