import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// An SMTP server on a real loopback socket for the transport's tests. It speaks as the script says (STARTTLS or TLS
/// from the start, AUTH required or not, a 4xx or 5xx to RCPT, silence) and records each session: the lines it
/// received and the message, as sent (dot-stuffed) and as a server reads it.
final class ScriptedSMTPServer: Sendable {
    struct Script: Sendable {
        enum TLS: Sendable {
            case none
            case startTLS
            case implicit
        }

        var tls = TLS.startTLS
        /// AUTH PLAIN and LOGIN are offered, and MAIL is refused before a successful AUTH.
        var credentials: (username: String, password: String)? = ("mailer", "s3cret pass")
        var authMechanisms = ["PLAIN", "LOGIN"]
        /// The reply to RCPT TO in each session, by order; later sessions get the last (default 250).
        var recipientReplies: [String] = []
        /// Accepts connections and never says anything.
        var silent = false
        /// Sent in plain text right after the reply to STARTTLS, as a man in the middle would.
        var injectedAfterStartTLS: String?
    }

    struct Session: Sendable {
        var lines: [String] = []
        var usedTLS = false
        var authenticated = false
        /// DATA as it arrived, dot-stuffing and all, without the final ".".
        var rawData: String?
        /// DATA as a server reads it: dot-stuffing removed.
        var message: String?
    }

    let port: Int
    private let script: Script
    private let tls: NIOSSLContext?
    private let channel: any Channel
    private let sessionsBox = NIOLockedValueBox([Session]())
    private let acceptTask = NIOLockedValueBox<Task<Void, Never>?>(nil)

    var sessions: [Session] { self.sessionsBox.withLockedValue { $0 } }

    private init(port: Int, script: Script, tls: NIOSSLContext?, channel: any Channel) {
        self.port = port
        self.script = script
        self.tls = tls
        self.channel = channel
    }

    static func start(_ script: Script, certificate: TestCertificates.Identity? = nil) async throws -> ScriptedSMTPServer {
        let tls = try certificate.map { identity in
            try NIOSSLContext(configuration: .makeServerConfiguration(
                certificateChain: [.certificate(identity.certificate)],
                privateKey: .privateKey(identity.privateKey)
            ))
        }
        let implicit = script.tls == .implicit
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicit, let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let instance = ScriptedSMTPServer(port: server.channel.localAddress!.port!, script: script, tls: tls, channel: server.channel)
        let task = Task<Void, Never> {
            try? await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await instance.serve(connection) }
                        }
                    } catch {}
                }
            }
        }
        instance.acceptTask.withLockedValue { $0 = task }
        return instance
    }

    /// Stops listening and waits for the sessions to end.
    func stop() async {
        try? await self.channel.close()
        await self.acceptTask.withLockedValue { $0 }?.value
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let index = self.sessionsBox.withLockedValue { sessions in
            sessions.append(Session(usedTLS: self.script.tls == .implicit))
            return sessions.count - 1
        }
        try? await connection.executeThenClose { inbound, _ in
            var reader = LineReader(inbound.makeAsyncIterator())
            if self.script.silent {
                while try await reader.next() != nil {}
                return
            }
            try await self.dialogue(channel: connection.channel, reader: &reader, session: index)
        }
    }

    private func dialogue(channel: any Channel, reader: inout LineReader, session index: Int) async throws {
        func reply(_ lines: String...) async throws {
            try await channel.writeAndFlush(ByteBuffer(string: lines.map { $0 + "\r\n" }.joined()))
        }
        func update(_ change: (inout Session) -> Void) {
            self.sessionsBox.withLockedValue { change(&$0[index]) }
        }
        var usedTLS = self.script.tls == .implicit
        var authenticated = false
        try await reply("220 scripted.test ESMTP")
        while let line = try await reader.next() {
            update { $0.lines.append(line) }
            let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
            switch verb {
            case "EHLO":
                var lines = ["250-scripted.test"]
                if self.script.tls == .startTLS, !usedTLS { lines.append("250-STARTTLS") }
                if self.script.credentials != nil { lines.append("250-AUTH \(self.script.authMechanisms.joined(separator: " "))") }
                lines.append("250 8BITMIME")
                try await channel.writeAndFlush(ByteBuffer(string: lines.map { $0 + "\r\n" }.joined()))
            case "STARTTLS":
                guard let tls = self.tls, !usedTLS else {
                    try await reply("502 5.5.1 not here")
                    continue
                }
                let answer = "220 2.0.0 go ahead\r\n" + (self.script.injectedAfterStartTLS.map { $0 + "\r\n" } ?? "")
                // In one event-loop turn: the client's first TLS bytes must not be read before the TLS handler is in.
                try await channel.eventLoop.submit {
                    channel.writeAndFlush(ByteBuffer(string: answer), promise: nil)
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                }.get()
                usedTLS = true
                update { $0.usedTLS = true }
            case "AUTH":
                let words = line.split(separator: " ").map(String.init)
                var username = "", password = ""
                if words.count >= 2, words[1].uppercased() == "PLAIN", words.count == 3 {
                    let fields = String(decoding: Data(base64Encoded: words[2]) ?? Data(), as: UTF8.self)
                        .split(separator: "\u{0}", omittingEmptySubsequences: false)
                    if fields.count == 3 { (username, password) = (String(fields[1]), String(fields[2])) }
                } else if words.count == 2, words[1].uppercased() == "LOGIN" {
                    try await reply("334 VXNlcm5hbWU6")
                    username = Self.decodeBase64(try await reader.next() ?? "")
                    try await reply("334 UGFzc3dvcmQ6")
                    password = Self.decodeBase64(try await reader.next() ?? "")
                }
                let mechanism = words.count >= 2 ? words[1].uppercased() : ""
                if self.script.authMechanisms.contains(mechanism), let expected = self.script.credentials,
                    expected.username == username, expected.password == password
                {
                    authenticated = true
                    update { $0.authenticated = true }
                    try await reply("235 2.7.0 authenticated")
                } else {
                    try await reply("535 5.7.8 bad credentials")
                }
            case "MAIL":
                if self.script.credentials != nil, !authenticated {
                    try await reply("530 5.7.0 authentication required")
                } else {
                    try await reply("250 2.1.0 ok")
                }
            case "RCPT":
                let replies = self.script.recipientReplies
                try await reply(replies.isEmpty ? "250 2.1.5 ok" : replies[min(index, replies.count - 1)])
            case "DATA":
                try await reply("354 end with .")
                var raw: [String] = []
                while let dataLine = try await reader.next(), dataLine != "." {
                    raw.append(dataLine)
                }
                let message = raw.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
                update {
                    $0.rawData = raw.joined(separator: "\r\n") + "\r\n"
                    $0.message = message.joined(separator: "\r\n") + "\r\n"
                }
                try await reply("250 2.0.0 queued")
            case "QUIT":
                try await reply("221 2.0.0 bye")
                return
            default:
                try await reply("502 5.5.2 unknown command")
            }
        }
    }

    private static func decodeBase64(_ text: String) -> String {
        String(decoding: Data(base64Encoded: text) ?? Data(), as: UTF8.self)
    }

    /// Lines (without CRLF) from a stream of buffers.
    struct LineReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var buffer = ByteBuffer()

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
            self.iterator = iterator
        }

        mutating func next() async throws -> String? {
            while true {
                if let newline = self.buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                    let bytes = self.buffer.readBytes(length: newline - self.buffer.readerIndex + 1)!
                    var line = String(decoding: bytes.dropLast(), as: UTF8.self)
                    if line.hasSuffix("\r") { line.removeLast() }
                    return line
                }
                guard var more = try await self.iterator.next() else { return nil }
                self.buffer.writeBuffer(&more)
            }
        }
    }
}
