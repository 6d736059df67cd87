import Logging
import NIOConcurrencyHelpers

/// Mails waiting for the delivery service. `send` never waits, so a request that sends a mail answers at once; when
/// `capacity` mails are already waiting (the SMTP server is down or slow), the new one is dropped with a log line.
/// One per application: the mail features of every plugin send through it.
final class MailOutbox: Sendable {
    let capacity: Int
    private let logger: Logger
    private let stream: AsyncStream<OutgoingMail>
    private let continuation: AsyncStream<OutgoingMail>.Continuation
    private let waiting = NIOLockedValueBox(0)

    init(capacity: Int, logger: Logger) {
        precondition(capacity > 0, "an outbox holds at least one mail")
        self.capacity = capacity
        self.logger = logger
        (self.stream, self.continuation) = AsyncStream.makeStream(
            of: OutgoingMail.self,
            bufferingPolicy: .bufferingOldest(capacity)
        )
    }

    /// Queues the mail for delivery and returns at once.
    func send(_ mail: OutgoingMail) {
        // Counted first: the delivery service may take the mail before `yield` returns.
        self.waiting.withLockedValue { $0 += 1 }
        switch self.continuation.yield(mail) {
        case .enqueued:
            break
        case .dropped:
            self.waiting.withLockedValue { $0 -= 1 }
            self.logger.error(
                "Mail dropped: the outbox is full",
                metadata: ["mail.recipient_domain": "\(mail.recipientDomain)", "mail.outbox_capacity": "\(self.capacity)"]
            )
        case .terminated:
            self.waiting.withLockedValue { $0 -= 1 }
            self.logger.error(
                "Mail dropped: the server is stopping",
                metadata: ["mail.recipient_domain": "\(mail.recipientDomain)"]
            )
        @unknown default:
            self.waiting.withLockedValue { $0 -= 1 }
        }
    }

    /// How many mails wait for the delivery service (not counting one it is delivering).
    var waitingCount: Int { self.waiting.withLockedValue { $0 } }

    /// The queued mails in order, for the one delivery service; ends once the outbox is closed and empty.
    func mails() -> AsyncMapSequence<AsyncStream<OutgoingMail>, OutgoingMail> {
        self.stream.map { mail in
            self.waiting.withLockedValue { $0 -= 1 }
            return mail
        }
    }

    /// Takes no more mails: later `send`s are dropped with a log line; those already queued are still delivered.
    func close() {
        self.continuation.finish()
    }
}
