import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// Whether this process has begun its graceful shutdown; `/ready` answers 503 from then on.
final class ShutdownState: Sendable {
    private let draining = NIOLockedValueBox(false)
    private let listener = NIOLockedValueBox<(any Channel)?>(nil)

    var isDraining: Bool { self.draining.withLockedValue { $0 } }

    /// The server's listening socket, closed when draining begins.
    func listening(on channel: any Channel) {
        self.listener.withLockedValue { $0 = channel }
    }

    /// Stops accepting at once: a load balancer's next connection is refused, and it tries another replica.
    func beginDraining() {
        self.draining.withLockedValue { $0 = true }
        self.listener.withLockedValue { $0 }?.close(promise: nil)
    }
}

/// Begins draining as soon as graceful shutdown begins: the listening socket closes, and connections already open
/// keep being served for `retireDelay`, every answer saying `Connection: close`. A load balancer's keep-alive
/// connections are thus retired by the balancer itself (after an answer, or idle), not closed under it while it
/// sends a request, which it would not dare resend if it is a POST. Then the server closes what is left idle. It is
/// listed after the application in the service group, which signals services in reverse order.
struct ShutdownNotice: Service {
    let state: ShutdownState
    let retireDelay: Duration

    func run() async throws {
        try? await gracefulShutdown()
        self.state.beginDraining()
        try? await Task.sleep(for: self.retireDelay)
    }
}
