import Logging
import ServiceLifecycle

/// How often and how patiently a mail is tried: `attempts` in all, waiting `firstDelay`, then twice as long each
/// time (at most `maximumDelay`), after a temporary failure.
struct MailRetryPolicy: Sendable {
    var attempts: Int
    var firstDelay: Duration
    var maximumDelay: Duration = .seconds(300)

    func delay(afterAttempt attempt: Int) -> Duration {
        var delay = self.firstDelay
        for _ in 1..<max(1, attempt) {
            delay = min(delay * 2, self.maximumDelay)
        }
        return min(delay, self.maximumDelay)
    }
}

/// Delivers the outbox's mails one after the other while the server runs. A temporary failure (4xx, no connection,
/// a timeout) is tried again after a pause; a permanent one (5xx, an address that cannot be written) and the last
/// failed attempt drop the mail with a log line naming the recipient's domain only. When the server stops, the
/// outbox closes, what it holds is tried once more each, and what cannot be delivered before the process ends is
/// logged as dropped.
struct MailDeliveryService: Service {
    let outbox: MailOutbox
    let transport: any MailTransport
    let sender: MailAddress
    let retry: MailRetryPolicy
    let logger: Logger

    func run() async {
        await withGracefulShutdownHandler {
            for await mail in self.outbox.mails() {
                await self.deliver(mail)
            }
        } onGracefulShutdown: {
            self.outbox.close()
        }
        let left = self.outbox.waitingCount
        if left > 0 {
            self.logger.error("Mails dropped: the server stopped before delivering them", metadata: ["mail.count": "\(left)"])
        }
    }

    /// Tries the mail until it is delivered, fails for good, or runs out of attempts; never throws.
    func deliver(_ mail: OutgoingMail) async {
        let domain = mail.recipientDomain
        let message: MailMessage
        do {
            message = try MailMessage(mail, from: self.sender)
        } catch {
            self.drop(domain: domain, reason: "cannot be written: \(error)", attempts: 0)
            return
        }
        var attempt = 1
        while true {
            do {
                try await self.transport.deliver(message)
                self.logger.info("Mail delivered", metadata: ["mail.recipient_domain": "\(domain)", "mail.attempts": "\(attempt)"])
                return
            } catch {
                if Task.isCancelled {
                    self.drop(domain: domain, reason: "the server stopped", attempts: attempt)
                    return
                }
                guard error.isTemporary, attempt < self.retry.attempts, !Task.isShuttingDownGracefully else {
                    self.drop(domain: domain, reason: error.description, attempts: attempt)
                    return
                }
                let delay = self.retry.delay(afterAttempt: attempt)
                self.logger.warning(
                    "Mail delivery failed; trying again",
                    metadata: [
                        "mail.recipient_domain": "\(domain)", "mail.attempts": "\(attempt)",
                        "mail.reason": "\(error.reason)", "mail.retry_in": "\(delay)",
                    ]
                )
                await Self.pause(delay)
                attempt += 1
            }
        }
    }

    private func drop(domain: String, reason: String, attempts: Int) {
        self.logger.error(
            "Mail dropped",
            metadata: ["mail.recipient_domain": "\(domain)", "mail.reason": "\(reason)", "mail.attempts": "\(attempts)"]
        )
    }

    /// Waits `delay`, or until the server starts stopping (then the mail gets one last attempt).
    private static func pause(_ delay: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: delay) }
            group.addTask { try? await gracefulShutdown() }
            await group.next()
            group.cancelAll()
        }
    }
}
