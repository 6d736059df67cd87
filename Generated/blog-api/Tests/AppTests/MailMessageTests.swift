import Foundation
import Testing

@testable import App

/// Messages as RFC 5322 wants them, and header injection refused.
@Suite("Mail messages")
struct MailMessageTests {
    static let sender = try! MailAddress(mailbox: "Blog API <no-reply@example.com>")

    @Test("a message carries From, To, Subject, Date, Message-ID and a text and an HTML part")
    func headersAndParts() throws {
        let date = Date(timeIntervalSince1970: 1_764_638_111)
        let mail = OutgoingMail(to: "ada@example.org", subject: "Reset your password", text: "Open this:\nhttps://app.example.com/reset?token=abc\n", html: "<p>Open <a href=\"x\">this</a></p>")
        let message = try MailMessage(mail, from: Self.sender, date: date)
        let received = ReceivedMail(parsing: message.data)
        #expect(received.headers["From"] == "\"Blog API\" <no-reply@example.com>")
        #expect(received.headers["To"] == "ada@example.org")
        #expect(received.headers["Subject"] == "Reset your password")
        #expect(received.headers["Date"] == "Tue, 02 Dec 2025 01:15:11 +0000")
        #expect(received.headers["MIME-Version"] == "1.0")
        let messageID = try #require(received.headers["Message-ID"])
        #expect(messageID == message.messageID)
        #expect(messageID.wholeMatch(of: /<[0-9a-f]{32}@example\.com>/) != nil)
        #expect(received.headers["Content-Type"]?.hasPrefix("multipart/alternative; boundary=") == true)
        #expect(received.text == "Open this:\nhttps://app.example.com/reset?token=abc\n")
        #expect(received.html == "<p>Open <a href=\"x\">this</a></p>")
        // Every line ends in CRLF, none is longer than RFC 5322 allows.
        #expect(!message.data.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(message.data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(message.sender.address == "no-reply@example.com")
        #expect(message.recipient.address == "ada@example.org")
    }

    @Test("two messages never share a Message-ID")
    func uniqueMessageIDs() throws {
        let mail = OutgoingMail(to: "ada@example.org", subject: "Hi", text: "Hi")
        let ids = try (0..<50).map { _ in try MailMessage(mail, from: Self.sender).messageID }
        #expect(Set(ids).count == 50)
    }

    @Test("without HTML the message is a single text/plain part")
    func textOnly() throws {
        let message = try MailMessage(OutgoingMail(to: "ada@example.org", subject: "Hi", text: "Plain"), from: Self.sender)
        let received = ReceivedMail(parsing: message.data)
        #expect(received.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(received.headers["Content-Transfer-Encoding"] == "7bit")
        #expect(received.text == "Plain")
        #expect(received.html == nil)
    }

    @Test("non-ASCII subjects, names and bodies are encoded, and read back unchanged")
    func unicode() throws {
        let sender = try MailAddress(mailbox: "Café Zoë <hello@example.com>")
        let subject = "Réinitialisez votre mot de passe — " + String(repeating: "é", count: 40)
        let mail = OutgoingMail(to: "zoe@example.org", subject: subject, text: "Bonjour Zoë,\nvoici le lien.", html: "<p>Zoë</p>")
        let message = try MailMessage(mail, from: sender)
        #expect(message.data.unicodeScalars.allSatisfy { $0.isASCII })
        let received = ReceivedMail(parsing: message.data)
        #expect(received.subject == subject)
        #expect(received.headers["From"] == "Café Zoë <hello@example.com>")
        #expect(received.text == "Bonjour Zoë,\nvoici le lien.")
        #expect(received.html == "<p>Zoë</p>")
    }

    @Test("a line longer than 998 characters is sent base64-encoded")
    func longLines() throws {
        let long = String(repeating: "x", count: 2000)
        let message = try MailMessage(OutgoingMail(to: "ada@example.org", subject: "Hi", text: long), from: Self.sender)
        #expect(message.data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(ReceivedMail(parsing: message.data).text == long)
    }

    @Test(
        "a line break in a header value is refused, never sent",
        arguments: [
            OutgoingMail(to: "ada@example.org", subject: "Hi\r\nBcc: victim@example.net", text: "x"),
            OutgoingMail(to: "ada@example.org", subject: "Hi\nBcc: victim@example.net", text: "x"),
            OutgoingMail(to: "ada@example.org", subject: "Hi\rBcc: victim@example.net", text: "x"),
            OutgoingMail(to: "ada@example.org", subject: "Hi\u{0}there", text: "x"),
        ]
    )
    func subjectInjection(mail: OutgoingMail) {
        #expect(throws: MailFormatError.headerInjection) { try MailMessage(mail, from: Self.sender) }
    }

    @Test(
        "a recipient that is not a plain address is refused: no header or envelope injection",
        arguments: [
            "ada@example.org\r\nBcc: victim@example.net", "ada@example.org\nRCPT TO:<victim@example.net>",
            "ada@example.org>, <victim@example.net", "Ada <ada@example.org>", "ada@example.org,victim@example.net",
            "adá@example.org", "ada", "@example.org", "ada@", "a..b@example.org", "ada@exa mple.org",
        ]
    )
    func recipientInjection(address: String) {
        let mail = OutgoingMail(to: address, subject: "Hi", text: "x")
        #expect(throws: MailFormatError.invalidAddress) { try MailMessage(mail, from: Self.sender) }
    }

    @Test("the sender is read from the spec's `Name <address>` or `address`, and checked")
    func senderMailbox() throws {
        #expect(try MailAddress(mailbox: "no-reply@example.com") == MailAddress("no-reply@example.com"))
        let named = try MailAddress(mailbox: "\"Blog\" <no-reply@example.com>")
        #expect(named.displayName == "Blog")
        #expect(named.address == "no-reply@example.com")
        #expect(throws: MailFormatError.headerInjection) { try MailAddress(mailbox: "Blog\r\nBcc: x <no-reply@example.com>") }
        #expect(throws: MailFormatError.invalidAddress) { try MailAddress(mailbox: "Blog <no-reply>") }
    }

    @Test("log lines name the recipient's domain only")
    func recipientDomain() {
        #expect(OutgoingMail(to: "Ada.Lovelace@Example.ORG", subject: "", text: "").recipientDomain == "example.org")
        #expect(OutgoingMail(to: "nobody", subject: "", text: "").recipientDomain == "(invalid)")
    }
}
