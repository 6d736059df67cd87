import Foundation
import NIOCore
import Testing

@testable import App

/// The SMTP client against a scripted SMTP server on a real loopback socket: TLS (STARTTLS and from the start) with
/// certificate checks, AUTH PLAIN and LOGIN, temporary and permanent replies, a silent server, dot-stuffing.
@Suite("SMTP transport")
struct SMTPTransportTests {
    static let sender = try! MailAddress(mailbox: "Blog API <no-reply@example.com>")
    static let password = "s3cret pass"

    static func message(text: String = "Hello\nhttps://app.example.com/reset?token=abc") throws -> MailMessage {
        try MailMessage(OutgoingMail(to: "ada@example.org", subject: "Hello", text: text, html: "<p>Hello</p>"), from: Self.sender)
    }

    static func transport(_ url: String, ca: TestCertificates? = nil, timeout: TimeAmount = .seconds(10)) throws -> SMTPTransport {
        try SMTPTransport(configuration: SMTPConfiguration(url: url), timeout: timeout, caFile: ca?.authorityFile, clientName: "app.test")
    }

    /// Runs `body` with a started server and stops it afterwards, also when `body` fails.
    static func withServer(
        _ script: ScriptedSMTPServer.Script,
        certificate: TestCertificates.Identity? = nil,
        _ body: (ScriptedSMTPServer) async throws -> Void
    ) async throws {
        let server = try await ScriptedSMTPServer.start(script, certificate: certificate)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("STARTTLS, then AUTH PLAIN over TLS, then the message")
    func startTLSAndAuthPlain() async throws {
        let authority = try TestCertificates()
        try await Self.withServer(.init(), certificate: try authority.serverIdentity()) { server in
            let message = try Self.message()
            try await Self.transport("smtp://mailer:s3cret%20pass@localhost:\(server.port)?tls=starttls", ca: authority).deliver(message)
            let session = try #require(server.sessions.first)
            #expect(session.usedTLS)
            #expect(session.authenticated)
            #expect(session.lines.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"])
            #expect(session.lines[0] == "EHLO app.test")
            #expect(session.lines[4] == "MAIL FROM:<no-reply@example.com>")
            #expect(session.lines[5] == "RCPT TO:<ada@example.org>")
            #expect(session.message == message.data)
            #expect(ReceivedMail(parsing: try #require(session.message)).headers["Message-ID"] == message.messageID)
        }
    }

    @Test("AUTH LOGIN when the server offers only LOGIN")
    func authLogin() async throws {
        let authority = try TestCertificates()
        var script = ScriptedSMTPServer.Script()
        script.authMechanisms = ["LOGIN"]
        try await Self.withServer(script, certificate: try authority.serverIdentity()) { server in
            try await Self.transport("smtp://mailer:s3cret%20pass@localhost:\(server.port)?tls=starttls", ca: authority).deliver(try Self.message())
            let session = try #require(server.sessions.first)
            #expect(session.authenticated)
            #expect(session.lines.contains("AUTH LOGIN"))
            #expect(session.message != nil)
        }
    }

    @Test("smtps:// speaks TLS from the first byte")
    func implicitTLS() async throws {
        let authority = try TestCertificates()
        var script = ScriptedSMTPServer.Script()
        script.tls = .implicit
        try await Self.withServer(script, certificate: try authority.serverIdentity()) { server in
            try await Self.transport("smtps://mailer:s3cret%20pass@localhost:\(server.port)", ca: authority).deliver(try Self.message())
            let session = try #require(server.sessions.first)
            #expect(session.usedTLS)
            #expect(!session.lines.contains("STARTTLS"))
            #expect(session.message != nil)
        }
    }

    @Test("a certificate from an authority nobody trusts is refused before AUTH: the password never leaves")
    func untrustedCertificate() async throws {
        let trusted = try TestCertificates()
        try await Self.withServer(.init(), certificate: try TestCertificates.untrusted()) { server in
            let transport = try Self.transport("smtp://mailer:s3cret%20pass@localhost:\(server.port)?tls=starttls", ca: trusted)
            let error = await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(error?.isTemporary == true)
            // The handshake's error, or the closed channel it leaves when a write comes first: either way, nothing was sent.
            #expect(server.sessions.allSatisfy { !$0.authenticated && $0.message == nil })
            #expect(server.sessions.flatMap(\.lines).allSatisfy { !$0.hasPrefix("AUTH") })
        }
    }

    @Test("a trusted certificate for another host name is refused")
    func certificateForAnotherHost() async throws {
        let authority = try TestCertificates()
        try await Self.withServer(.init(), certificate: try authority.serverIdentity(for: "mail.example.com")) { server in
            let transport = try Self.transport("smtp://mailer:s3cret%20pass@localhost:\(server.port)?tls=starttls", ca: authority)
            await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(server.sessions.allSatisfy { $0.message == nil })
            #expect(server.sessions.flatMap(\.lines).allSatisfy { !$0.hasPrefix("AUTH") })
        }
    }

    @Test("a server that does not offer STARTTLS (stripped by a man in the middle) gets nothing: no AUTH, no mail")
    func startTLSStripped() async throws {
        var script = ScriptedSMTPServer.Script()
        script.tls = .none
        try await Self.withServer(script) { server in
            let transport = try Self.transport("smtp://mailer:s3cret%20pass@localhost:\(server.port)?tls=starttls", ca: try TestCertificates())
            let error = await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(error?.isTemporary == false)
            #expect(server.sessions.flatMap(\.lines) == ["EHLO app.test"])
        }
    }

    @Test("plain text injected right after the STARTTLS reply is refused, not read as if it came over TLS")
    func injectionAfterStartTLS() async throws {
        let authority = try TestCertificates()
        var script = ScriptedSMTPServer.Script()
        script.injectedAfterStartTLS = "250-scripted.test\r\n250 AUTH PLAIN"
        try await Self.withServer(script, certificate: try authority.serverIdentity()) { server in
            let transport = try Self.transport("smtp://mailer:s3cret%20pass@localhost:\(server.port)?tls=starttls", ca: authority)
            let error = await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(error?.reason.contains("plain text after agreeing to STARTTLS") == true)
            #expect(server.sessions.flatMap(\.lines).allSatisfy { !$0.hasPrefix("AUTH") && !$0.hasPrefix("MAIL") })
        }
    }

    @Test("a 4xx reply is a temporary failure, a 5xx a permanent one; the reason keeps the codes, not the text")
    func replyClasses() async throws {
        var script = ScriptedSMTPServer.Script()
        script.tls = .none
        script.credentials = nil
        script.recipientReplies = ["451 4.3.0 <ada@example.org> try again later", "550 5.1.1 <ada@example.org> no such user"]
        try await Self.withServer(script) { server in
            let transport = try Self.transport("smtp://localhost:\(server.port)")
            let first = await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(first == .temporary("451 4.3.0 in reply to RCPT"))
            let second = await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(second == .permanent("550 5.1.1 in reply to RCPT"))
            #expect(server.sessions.allSatisfy { $0.message == nil })
        }
    }

    @Test("a wrong password is a permanent failure and sends no mail")
    func wrongPassword() async throws {
        let authority = try TestCertificates()
        try await Self.withServer(.init(), certificate: try authority.serverIdentity()) { server in
            let transport = try Self.transport("smtp://mailer:wrong@localhost:\(server.port)?tls=starttls", ca: authority)
            let error = await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(error == .permanent("535 5.7.8 in reply to AUTH PLAIN"))
            #expect(server.sessions.allSatisfy { $0.message == nil })
        }
    }

    @Test("a server that never answers ends the attempt with a timeout")
    func silentServer() async throws {
        var script = ScriptedSMTPServer.Script()
        script.silent = true
        try await Self.withServer(script) { server in
            let transport = try Self.transport("smtp://localhost:\(server.port)", timeout: .milliseconds(300))
            let error = await #expect(throws: MailDeliveryError.self) { try await transport.deliver(try Self.message()) }
            #expect(error == .temporary("the server did not answer in time"))
        }
    }

    @Test("no server listening is a temporary failure")
    func connectionRefused() async throws {
        let server = try await ScriptedSMTPServer.start(.init())
        let port = server.port
        await server.stop()
        let error = await #expect(throws: MailDeliveryError.self) { try await Self.transport("smtp://localhost:\(port)").deliver(try Self.message()) }
        #expect(error?.isTemporary == true)
    }

    @Test("a line starting with a dot is doubled on the wire and arrives as written; a lone dot does not end the message")
    func dotStuffing() async throws {
        var script = ScriptedSMTPServer.Script()
        script.tls = .none
        script.credentials = nil
        try await Self.withServer(script) { server in
            let message = try Self.message(text: ".hidden line\n.\n..\nafter the dots")
            try await Self.transport("smtp://localhost:\(server.port)").deliver(message)
            let session = try #require(server.sessions.first)
            let raw = try #require(session.rawData)
            #expect(raw.contains("\r\n..hidden line\r\n..\r\n...\r\nafter the dots\r\n"))
            #expect(session.message == message.data)
            #expect(ReceivedMail(parsing: try #require(session.message)).text == ".hidden line\n.\n..\nafter the dots")
        }
    }
}

@Suite("SMTP settings")
struct SMTPConfigurationTests {
    @Test("smtp:// means STARTTLS, except to a loopback address; smtps:// is TLS from the start")
    func security() throws {
        #expect(try SMTPConfiguration(url: "smtp://user:pass@mail.example.com").security == .startTLS)
        #expect(try SMTPConfiguration(url: "smtp://user:pass@mail.example.com").port == 587)
        #expect(try SMTPConfiguration(url: "smtp://localhost:1025").security == SMTPConfiguration.Security.none)
        #expect(try SMTPConfiguration(url: "smtp://127.0.0.1:1025").security == SMTPConfiguration.Security.none)
        #expect(try SMTPConfiguration(url: "smtp://localhost:1025?tls=starttls").security == .startTLS)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.com:25?tls=none").security == SMTPConfiguration.Security.none)
        #expect(try SMTPConfiguration(url: "smtp://127.evil.example.com").security == .startTLS)
        let implicit = try SMTPConfiguration(url: "smtps://user:pass@mail.example.com")
        #expect(implicit.security == .implicitTLS)
        #expect(implicit.port == 465)
    }

    @Test("user and password are percent-decoded; AUTH may be chosen")
    func credentials() throws {
        let configuration = try SMTPConfiguration(url: "smtp://me%40example.com:p%3Ass%20word@mail.example.com:2525?auth=login")
        #expect(configuration.credentials == .init(username: "me@example.com", password: "p:ss word"))
        #expect(configuration.port == 2525)
        #expect(configuration.authMechanism == .login)
    }

    @Test(
        "a wrong URL is refused with a message that never repeats the password",
        arguments: [
            "http://user:hunter2@mail.example.com", "smtp://user:hunter2@mail.example.com?tls=maybe",
            "smtps://user:hunter2@mail.example.com?tls=starttls", "smtp://user:hunter2@mail.example.com?verify=false",
            "smtp://user:hunter2@mail.example.com/path", "smtp://user@mail.example.com", "smtp://:hunter2@",
        ]
    )
    func refused(url: String) {
        let error = #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration(url: url) }
        #expect(error?.description.contains("hunter2") == false)
    }
}
