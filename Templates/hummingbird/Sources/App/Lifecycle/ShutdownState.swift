import NIOConcurrencyHelpers
import ServiceLifecycle

/// Whether this process has begun its graceful shutdown; `/ready` answers 503 from then on.
final class ShutdownState: Sendable {
    private let draining = NIOLockedValueBox(false)

    var isDraining: Bool { self.draining.withLockedValue { $0 } }

    func beginDraining() {
        self.draining.withLockedValue { $0 = true }
    }
}

/// Begins draining as soon as graceful shutdown begins, and keeps serving for `retireDelay` before the server stops
/// accepting and closes its idle connections. Meanwhile every answer says `Connection: close`, so a load balancer's
/// keep-alive connections are retired by the balancer itself (after an answer, or idle) rather than closed under it
/// while it sends a request. It is listed after the application in the service group, which signals services in
/// reverse order.
struct ShutdownNotice: Service {
    let state: ShutdownState
    let retireDelay: Duration

    func run() async throws {
        try? await gracefulShutdown()
        self.state.beginDraining()
        try? await Task.sleep(for: self.retireDelay)
    }
}
