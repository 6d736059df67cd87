import NIOCore

/// One SMTP reply: its code and the text of each line (multi-line replies such as EHLO's are gathered).
struct SMTPReply: Sendable, Equatable {
    let code: Int
    let lines: [String]

    var isTemporaryFailure: Bool { (400..<500).contains(self.code) }

    /// What a log line may say: the code and, when the server gives one, the enhanced status (`550 5.1.1`). The text
    /// is left out: servers often repeat the recipient's address in it.
    var summary: String {
        let first = self.lines.first?.split(separator: " ", maxSplits: 1).first ?? ""
        let enhanced = first.split(separator: ".").count == 3 && first.allSatisfy { $0.isNumber || $0 == "." }
        return enhanced ? "\(self.code) \(first)" : "\(self.code)"
    }

    /// EHLO's extension keywords, upper-cased, with their parameters: `["AUTH": ["PLAIN", "LOGIN"], "STARTTLS": []]`.
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in self.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            result[keyword] = Array(words.dropFirst())
        }
        return result
    }
}

/// Reads replies off the connection, and guards the switch to TLS: once the reply to STARTTLS has been read, any
/// further plain-text byte is an error (a man in the middle injecting replies that would be read as if they came
/// over TLS), until the TLS handler is in front of this one.
final class SMTPReplyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = SMTPReply

    private enum State {
        case reading
        /// STARTTLS was sent: the next reply is the last one read in plain text.
        case startTLSSent
        /// The STARTTLS reply was read; nothing may follow before TLS starts.
        case waitingForTLS
        case failed
    }

    private var buffer = ByteBuffer()
    private var pendingLines: [String] = []
    private var state = State.reading
    /// A line this long without an end is not SMTP.
    private static let maximumLineLength = 4096

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard self.state != .failed else { return }
        var bytes = Self.unwrapInboundIn(data)
        if self.state == .waitingForTLS {
            self.fail(context: context, SMTPProtocolError.plainTextAfterStartTLS)
            return
        }
        self.buffer.writeBuffer(&bytes)
        while let line = self.nextLine() {
            guard line.utf8.count >= 3, let code = Int(line.prefix(3)), (200...599).contains(code) else {
                self.fail(context: context, SMTPProtocolError.malformedReply)
                return
            }
            let rest = line.dropFirst(3)
            self.pendingLines.append(String(rest.dropFirst()))
            if rest.first == "-" { continue }
            let reply = SMTPReply(code: code, lines: self.pendingLines)
            self.pendingLines = []
            if self.state == .startTLSSent {
                self.state = .waitingForTLS
                if self.buffer.readableBytes > 0 {
                    self.fail(context: context, SMTPProtocolError.plainTextAfterStartTLS)
                    return
                }
            }
            context.fireChannelRead(Self.wrapInboundOut(reply))
        }
        if self.buffer.readableBytes > Self.maximumLineLength {
            self.fail(context: context, SMTPProtocolError.malformedReply)
        }
    }

    /// Called on the event loop before STARTTLS is written.
    func startTLSWillBeSent() {
        self.state = .startTLSSent
    }

    /// Called on the event loop once the TLS handler is in front (or when the server refused STARTTLS).
    func resumeReading() {
        if self.state != .failed { self.state = .reading }
    }

    private func nextLine() -> String? {
        guard let newline = self.buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = newline - self.buffer.readerIndex + 1
        guard let bytes = self.buffer.readBytes(length: length) else { return nil }
        var line = String(decoding: bytes.dropLast(), as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    private func fail(context: ChannelHandlerContext, _ error: SMTPProtocolError) {
        self.state = .failed
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }
}

enum SMTPProtocolError: Error, CustomStringConvertible {
    case malformedReply
    case plainTextAfterStartTLS
    case timeout

    var description: String {
        switch self {
        case .malformedReply: "the server's reply is not SMTP"
        case .plainTextAfterStartTLS: "the server sent plain text after agreeing to STARTTLS"
        case .timeout: "the server did not answer in time"
        }
    }
}

/// Turns a read timeout of `IdleStateHandler` into an error that ends the session.
final class SMTPTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.fireErrorCaught(SMTPProtocolError.timeout)
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
