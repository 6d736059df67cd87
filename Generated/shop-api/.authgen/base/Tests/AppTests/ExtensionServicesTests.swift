import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import App

/// The values extensions share (`ExtensionServices.shared`): one per application, made on first use.
@Suite("Extension services")
struct ExtensionServicesTests {
    final class SharedTestCounter: SharedExtensionValue {
        let count = NIOLockedValueBox(0)
        init(services: ExtensionServices) {}
    }

    /// Made from another shared value, as a mail composer would be from the outbox.
    struct SharedTestTally: SharedExtensionValue {
        let counter: SharedTestCounter
        init(services: ExtensionServices) { self.counter = services.shared(SharedTestCounter.self) }
    }

    @Test("one instance per application, from every caller and task; another application has its own", arguments: TestDatabase.available)
    func onePerApplication(on database: TestDatabase) async throws {
        try await withReplicas(on: database) { first, second in
            let one = ExtensionServices(settings: first.context.settings, repository: first.context.repository, logger: Logger(label: "tests"))
            let other = ExtensionServices(settings: second.context.settings, repository: second.context.repository, logger: Logger(label: "tests"))
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<50 {
                    group.addTask { one.shared(SharedTestCounter.self).count.withLockedValue { $0 += 1 } }
                }
            }
            #expect(one.shared(SharedTestCounter.self).count.withLockedValue { $0 } == 50)
            #expect(one.shared(SharedTestCounter.self) === one.shared(SharedTestTally.self).counter)
            #expect(other.shared(SharedTestCounter.self) !== one.shared(SharedTestCounter.self))
            #expect(other.shared(SharedTestCounter.self).count.withLockedValue { $0 } == 0)
        }
    }
}
