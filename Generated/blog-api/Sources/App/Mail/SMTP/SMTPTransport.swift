import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Sends each message over its own SMTP session, written on SwiftNIO and NIOSSL (no SMTP package is in the package
/// mirror this server was generated against; the dialogue is small): EHLO, STARTTLS (or TLS from the start), AUTH
/// PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT. Certificates are checked (chain and host name);
/// a server that stays silent for `timeout` ends the session.
struct SMTPTransport: MailTransport {
    let configuration: SMTPConfiguration
    let timeout: TimeAmount
    /// The name this server gives in EHLO.
    let clientName: String
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup

    /// `caFile`: a PEM file of certificate authorities trusted besides the system's (a private CA, tests).
    init(
        configuration: SMTPConfiguration,
        timeout: TimeAmount,
        caFile: String? = nil,
        clientName: String = SMTPTransport.defaultClientName(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws {
        self.configuration = configuration
        self.timeout = timeout
        self.clientName = clientName
        self.group = group
        if configuration.usesTLS {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            tls.minimumTLSVersion = .tlsv12
            if let caFile {
                tls.additionalTrustRoots = [.file(caFile)]
            }
            self.tls = try NIOSSLContext(configuration: tls)
        } else {
            self.tls = nil
        }
    }

    func deliver(_ message: MailMessage) async throws(MailDeliveryError) {
        do {
            let channel = try await self.connect()
            try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(
                    channel: channel.channel,
                    replies: inbound.makeAsyncIterator(),
                    outbound: outbound,
                    transport: self
                )
                try await session.send(message)
            }
        } catch let error as MailDeliveryError {
            throw error
        } catch let error as SMTPProtocolError {
            throw .temporary(error.description)
        } catch let error as NIOSSLError {
            throw .temporary("TLS failed: \(error)")
        } catch let error as BoringSSLError {
            throw .temporary("TLS failed: \(error)")
        } catch let error as NIOSSLExtraError {
            throw .temporary("TLS failed: \(error)")
        } catch let error as ChannelError where error == .connectTimeout(self.timeout) {
            throw .temporary("connection timed out")
        } catch is CancellationError {
            throw .temporary("cancelled")
        } catch {
            throw .temporary("connection failed: \(Self.describe(error))")
        }
    }

    private func connect() async throws -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let timeout = self.timeout
        return try await ClientBootstrap(group: self.group)
            .connectTimeout(timeout)
            .connect(host: self.configuration.host, port: self.configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if self.configuration.security == .implicitTLS { try pipeline.addHandler(try self.makeTLSHandler()) }
                    try pipeline.addHandler(IdleStateHandler(readTimeout: timeout))
                    try pipeline.addHandler(SMTPTimeoutHandler())
                    try pipeline.addHandler(SMTPReplyHandler())
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// The TLS handler for the configured host: SNI with its name (never with an IP address, which SNI forbids;
    /// the certificate is then checked against the address).
    func makeTLSHandler() throws -> NIOSSLClientHandler {
        guard let tls = self.tls else { throw MailDeliveryError.permanent("TLS is off for this server") }
        let isAddress = self.configuration.host.contains(":") || self.configuration.host.allSatisfy { $0.isNumber || $0 == "." }
        return try NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : self.configuration.host)
    }

    /// A host name for EHLO: this machine's, when it is a plain DNS name.
    static func defaultClientName() -> String {
        let name = ProcessInfo.processInfo.hostName
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return !name.isEmpty && allowed && name.utf8.count <= 253 ? name : "localhost"
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return "\(error.description)" }
        return String(describing: error)
    }
}
