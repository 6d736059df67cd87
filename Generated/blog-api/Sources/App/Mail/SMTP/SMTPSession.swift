import Foundation
import NIOCore
import NIOSSL

/// One SMTP dialogue on an open connection: each command and the reply it needs. A 4xx reply is a temporary
/// failure, a 5xx a permanent one; the reason keeps the codes only.
struct SMTPSession {
    let channel: any Channel
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let transport: SMTPTransport

    mutating func send(_ message: MailMessage) async throws {
        let configuration = self.transport.configuration
        try await self.expect(220, after: nil)
        var features = try await self.hello()
        if configuration.security == .startTLS {
            guard features["STARTTLS"] != nil else {
                throw MailDeliveryError.permanent("the server does not offer STARTTLS; refusing to send in plain text")
            }
            try await self.startTLS()
            features = try await self.hello()
        }
        if let credentials = configuration.credentials {
            try await self.authenticate(credentials, offered: features["AUTH"] ?? [])
        }
        try await self.command("MAIL FROM:<\(message.sender.address)>", expect: 250)
        try await self.command("RCPT TO:<\(message.recipient.address)>", expect: 250, 251)
        try await self.command("DATA", expect: 354)
        try await self.write(Self.dotStuffed(message.data) + ".\r\n")
        try await self.expect(250, after: "the message")
        // The message is accepted; a failed QUIT changes nothing.
        try? await self.write("QUIT\r\n")
        _ = try? await self.replies.next()
    }

    private mutating func hello() async throws -> [String: [String]] {
        try await self.command("EHLO \(self.transport.clientName)", expect: 250).extensions
    }

    private mutating func startTLS() async throws {
        let channel = self.channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self).startTLSWillBeSent()
        }.get()
        try await self.command("STARTTLS", expect: 220)
        let transport = self.transport
        try await channel.eventLoop.submit {
            let pipeline = channel.pipeline.syncOperations
            try pipeline.addHandler(try transport.makeTLSHandler(), position: .first)
            try pipeline.handler(type: SMTPReplyHandler.self).resumeReading()
        }.get()
    }

    private mutating func authenticate(_ credentials: SMTPConfiguration.Credentials, offered: [String]) async throws {
        let mechanism: SMTPConfiguration.AuthMechanism
        if let chosen = self.transport.configuration.authMechanism {
            guard offered.contains(chosen.rawValue.uppercased()) else {
                throw MailDeliveryError.permanent("the server does not offer AUTH \(chosen.rawValue.uppercased())")
            }
            mechanism = chosen
        } else if offered.contains("PLAIN") {
            mechanism = .plain
        } else if offered.contains("LOGIN") {
            mechanism = .login
        } else {
            throw MailDeliveryError.permanent("the server offers neither AUTH PLAIN nor AUTH LOGIN")
        }
        switch mechanism {
        case .plain:
            let token = Self.base64("\u{0}\(credentials.username)\u{0}\(credentials.password)")
            try await self.command("AUTH PLAIN \(token)", expect: 235, what: "AUTH PLAIN")
        case .login:
            try await self.command("AUTH LOGIN", expect: 334)
            try await self.command(Self.base64(credentials.username), expect: 334, what: "AUTH LOGIN user")
            try await self.command(Self.base64(credentials.password), expect: 235, what: "AUTH LOGIN password")
        }
    }

    /// Sends one command line and reads its reply. `what` names the command in errors when the line itself must not
    /// appear there (credentials).
    @discardableResult
    private mutating func command(_ line: String, expect codes: Int..., what: String? = nil) async throws -> SMTPReply {
        try await self.write(line + "\r\n")
        let name = what ?? String(line.prefix { $0 != " " && $0 != ":" })
        return try await self.expect(codes, after: name)
    }

    @discardableResult
    private mutating func expect(_ codes: Int..., after command: String?) async throws -> SMTPReply {
        try await self.expect(codes, after: command)
    }

    private mutating func expect(_ codes: [Int], after command: String?) async throws -> SMTPReply {
        guard let reply = try await self.replies.next() else {
            throw MailDeliveryError.temporary("the server closed the connection")
        }
        guard codes.contains(reply.code) else {
            let reason = "\(reply.summary) in reply to \(command ?? "the greeting")"
            throw reply.isTemporaryFailure ? MailDeliveryError.temporary(reason) : MailDeliveryError.permanent(reason)
        }
        return reply
    }

    private func write(_ text: String) async throws {
        try await self.outbound.write(ByteBuffer(string: text))
    }

    /// The message for DATA: a line starting with "." gets a second one (RFC 5321 4.5.2), so that it cannot end the
    /// message early; the receiving server removes it.
    static func dotStuffed(_ data: String) -> String {
        var text = data.hasSuffix("\r\n") ? data : data + "\r\n"
        if text.hasPrefix(".") { text = "." + text }
        return text.replacingOccurrences(of: "\r\n.", with: "\r\n..")
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
