import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
import Testing

@testable import App

/// A transport that answers each attempt as scripted (the last answer repeats) and records what it was given.
final class ScriptedTransport: MailTransport {
    private let answers: NIOLockedValueBox<[MailDeliveryError?]>
    private let deliveredBox = NIOLockedValueBox([MailMessage]())
    private let attemptsBox = NIOLockedValueBox(0)

    init(_ answers: [MailDeliveryError?]) {
        self.answers = NIOLockedValueBox(answers)
    }

    var delivered: [MailMessage] { self.deliveredBox.withLockedValue { $0 } }
    var attempts: Int { self.attemptsBox.withLockedValue { $0 } }

    func deliver(_ message: MailMessage) async throws(MailDeliveryError) {
        self.attemptsBox.withLockedValue { $0 += 1 }
        let answer = self.answers.withLockedValue { answers in answers.count > 1 ? answers.removeFirst() : answers.first ?? nil }
        if let answer { throw answer }
        self.deliveredBox.withLockedValue { $0.append(message) }
    }
}

/// The outbox and the delivery service: sending never waits, temporary failures are retried, permanent ones and
/// the last failed attempt are logged with the recipient's domain only, and stopping the server loses no mail
/// silently.
@Suite("Mail delivery")
struct MailDeliveryTests {
    static let sender = try! MailAddress(mailbox: "Blog API <no-reply@example.com>")

    static func mail(_ to: String = "ada.lovelace@example.org") -> OutgoingMail {
        OutgoingMail(to: to, subject: "Your link", text: "https://app.example.com/reset?token=secret-token-value")
    }

    /// Runs the delivery service in a service group for `body`, then stops it gracefully.
    static func withService(
        transport: any MailTransport,
        logs: RecordedLogs,
        capacity: Int = 10,
        retry: MailRetryPolicy = MailRetryPolicy(attempts: 3, firstDelay: .milliseconds(1)),
        _ body: (MailOutbox, ServiceGroup) async throws -> Void
    ) async throws {
        let outbox = MailOutbox(capacity: capacity, logger: logs.logger)
        let service = MailDeliveryService(outbox: outbox, transport: transport, sender: Self.sender, retry: retry, logger: logs.logger)
        let group = ServiceGroup(configuration: .init(services: [service], logger: logs.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body(outbox, group)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// No log line holds the whole address, the token or the link.
    static func expectNoSecrets(_ logs: RecordedLogs) {
        for entry in logs.entries {
            #expect(!entry.line.contains("ada.lovelace"), "\(entry.line)")
            #expect(!entry.line.contains("secret-token-value"), "\(entry.line)")
            #expect(!entry.line.contains("https://"), "\(entry.line)")
        }
    }

    @Test("temporary failures are tried again until the mail is delivered")
    func retriesTemporaryFailures() async throws {
        let logs = RecordedLogs()
        let transport = ScriptedTransport([.temporary("451 4.3.0 in reply to RCPT"), .temporary("connection failed"), nil])
        try await Self.withService(transport: transport, logs: logs) { outbox, _ in
            outbox.send(Self.mail())
            let delivered = await logs.first { $0.message == "Mail delivered" }
            #expect(delivered.metadata["mail.attempts"] == "3")
            #expect(delivered.metadata["mail.recipient_domain"] == "example.org")
        }
        #expect(transport.delivered.count == 1)
        #expect(transport.delivered.first?.recipient.address == "ada.lovelace@example.org")
        let retries = logs.entries.filter { $0.message == "Mail delivery failed; trying again" }
        #expect(retries.map { $0.metadata["mail.reason"] } == ["451 4.3.0 in reply to RCPT", "connection failed"])
        #expect(!logs.entries.contains { $0.message == "Mail dropped" })
        Self.expectNoSecrets(logs)
    }

    @Test("a permanent failure drops the mail after one attempt, with a log line naming the domain only")
    func permanentFailure() async throws {
        let logs = RecordedLogs()
        let transport = ScriptedTransport([.permanent("550 5.1.1 in reply to RCPT")])
        try await Self.withService(transport: transport, logs: logs) { outbox, _ in
            outbox.send(Self.mail())
            let dropped = await logs.first { $0.message == "Mail dropped" }
            #expect(dropped.level == .error)
            #expect(dropped.metadata["mail.recipient_domain"] == "example.org")
            #expect(dropped.metadata["mail.reason"] == "permanent failure: 550 5.1.1 in reply to RCPT")
        }
        #expect(transport.attempts == 1)
        Self.expectNoSecrets(logs)
    }

    @Test("a mail that keeps failing temporarily is dropped after the last attempt")
    func runsOutOfAttempts() async throws {
        let logs = RecordedLogs()
        let transport = ScriptedTransport([.temporary("451 4.4.1 in reply to the greeting")])
        try await Self.withService(transport: transport, logs: logs) { outbox, _ in
            outbox.send(Self.mail())
            let dropped = await logs.first { $0.message == "Mail dropped" }
            #expect(dropped.metadata["mail.attempts"] == "3")
        }
        #expect(transport.attempts == 3)
        #expect(transport.delivered.isEmpty)
    }

    @Test("a mail whose subject would inject a header is dropped without reaching the transport")
    func headerInjectionDropped() async throws {
        let logs = RecordedLogs()
        let transport = ScriptedTransport([nil])
        try await Self.withService(transport: transport, logs: logs) { outbox, _ in
            outbox.send(OutgoingMail(to: "ada.lovelace@example.org", subject: "Hi\r\nBcc: victim@example.net", text: "x"))
            outbox.send(Self.mail())
            _ = await logs.first { $0.message == "Mail delivered" }
        }
        #expect(transport.attempts == 1)
        let dropped = try #require(logs.entries.first { $0.message == "Mail dropped" })
        #expect(dropped.metadata["mail.reason"]?.contains("line break") == true)
    }

    @Test("a full outbox drops the new mail with a log line; send never waits")
    func boundedQueue() async throws {
        let logs = RecordedLogs()
        let outbox = MailOutbox(capacity: 2, logger: logs.logger)
        // Nobody delivers: the outbox fills up, and each send still returns at once.
        outbox.send(Self.mail("first@example.org"))
        outbox.send(Self.mail("second@example.org"))
        outbox.send(Self.mail("third@example.net"))
        #expect(outbox.waitingCount == 2)
        let dropped = try #require(logs.entries.first { $0.message == "Mail dropped: the outbox is full" })
        #expect(dropped.metadata["mail.recipient_domain"] == "example.net")
        outbox.close()
        var queued: [String] = []
        for await mail in outbox.mails() { queued.append(mail.to) }
        #expect(queued == ["first@example.org", "second@example.org"])
        #expect(outbox.waitingCount == 0)
    }

    @Test("stopping the server ends a long retry pause: the mail gets its last attempt, and its loss is logged")
    func shutdownDuringRetries() async throws {
        let logs = RecordedLogs()
        let transport = ScriptedTransport([.temporary("connection failed")])
        // A pause of an hour: only the shutdown can end it within the test.
        let retry = MailRetryPolicy(attempts: 5, firstDelay: .seconds(3600))
        try await Self.withService(transport: transport, logs: logs, retry: retry) { outbox, group in
            outbox.send(Self.mail())
            _ = await logs.first { $0.message == "Mail delivery failed; trying again" }
            await group.triggerGracefulShutdown()
            let dropped = await logs.first { $0.message == "Mail dropped" }
            #expect(dropped.metadata["mail.attempts"] == "2")
            // The outbox is closed: a mail sent now is dropped with a log line, not kept in a queue nobody reads.
            _ = await logs.first { $0.message.hasPrefix("Mail dropped: the server is stopping") || $0.message == "Mail dropped" }
            outbox.send(Self.mail("late@example.com"))
            let late = await logs.first { $0.message == "Mail dropped: the server is stopping" }
            #expect(late.metadata["mail.recipient_domain"] == "example.com")
        }
        #expect(transport.attempts == 2)
    }

    @Test("mails queued when the server stops are still delivered")
    func shutdownDrainsTheOutbox() async throws {
        let logs = RecordedLogs()
        let transport = ScriptedTransport([nil])
        let outbox = MailOutbox(capacity: 10, logger: logs.logger)
        for index in 0..<5 { outbox.send(Self.mail("user\(index)@example.org")) }
        let service = MailDeliveryService(
            outbox: outbox, transport: transport, sender: Self.sender,
            retry: MailRetryPolicy(attempts: 3, firstDelay: .milliseconds(1)), logger: logs.logger
        )
        let group = ServiceGroup(configuration: .init(services: [service], logger: logs.logger))
        // The shutdown is asked for before the service even starts.
        async let running: Void = group.run()
        await group.triggerGracefulShutdown()
        try await running
        #expect(transport.delivered.map(\.recipient.address) == (0..<5).map { "user\($0)@example.org" })
        #expect(!logs.entries.contains { $0.message.hasPrefix("Mails dropped") })
    }

    @Test("retry pauses double, up to the maximum")
    func backoff() {
        let policy = MailRetryPolicy(attempts: 10, firstDelay: .seconds(10), maximumDelay: .seconds(60))
        #expect((1...5).map { policy.delay(afterAttempt: $0) } == [.seconds(10), .seconds(20), .seconds(40), .seconds(60), .seconds(60)])
    }
}

/// The delivery service and the SMTP client together, against a scripted SMTP server on loopback.
@Suite("Mail delivery over SMTP")
struct SMTPDeliveryTests {
    @Test("a 451 is retried on a new connection and the mail arrives; a 550 is dropped after one")
    func retryOverSMTP() async throws {
        var script = ScriptedSMTPServer.Script()
        script.tls = .none
        script.credentials = nil
        script.recipientReplies = ["451 4.3.0 try later", "250 2.1.5 ok", "550 5.1.1 no such user"]
        let server = try await ScriptedSMTPServer.start(script)
        let logs = RecordedLogs()
        let transport = try SMTPTransport(configuration: SMTPConfiguration(url: "smtp://localhost:\(server.port)"), timeout: .seconds(10))
        try await MailDeliveryTests.withService(transport: transport, logs: logs) { outbox, _ in
            outbox.send(MailDeliveryTests.mail())
            _ = await logs.first { $0.message == "Mail delivered" }
            outbox.send(MailDeliveryTests.mail())
            let dropped = await logs.first { $0.message == "Mail dropped" }
            #expect(dropped.metadata["mail.reason"] == "permanent failure: 550 5.1.1 in reply to RCPT")
        }
        await server.stop()
        #expect(server.sessions.count == 3)
        #expect(server.sessions.map { $0.message != nil } == [false, true, false])
        MailDeliveryTests.expectNoSecrets(logs)
    }
}
