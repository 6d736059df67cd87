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

/// Marks the process as draining as soon as graceful shutdown begins. It is listed after the application in the
/// service group, which signals services in reverse order: the mark is set before the server stops accepting.
struct ShutdownNotice: Service {
    let state: ShutdownState

    func run() async throws {
        try? await gracefulShutdown()
        self.state.beginDraining()
    }
}
