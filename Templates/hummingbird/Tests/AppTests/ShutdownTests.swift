import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import App

/// What a load balancer sees while a replica drains. The socket side (requests in flight finish, new connections are
/// refused, the process exits 0) is checked on a real process by `make verify CHECKS=shutdown`.
@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test(arguments: TestDatabase.available)
    func readinessFailsOnceDrainingBegins(database: TestDatabase) async throws {
        let location = try database.makeFreshLocation()
        let settings = Settings.forTesting(database: location)
        let logger = Logger(label: "tests")
        let repository = try await RepositoryFactory.make(for: location, logger: logger)
        let shutdown = ShutdownState()
        let app = try await buildApplication(settings: settings, repository: repository, logger: logger, shutdown: shutdown)
        do {
            try await app.test(.router) { client in
                let before = try await client.execute(uri: "/ready", method: .get)
                #expect(before.status == .ok)
                #expect(before.headers[.connection] == nil)
                shutdown.beginDraining()
                let ready = try await client.execute(uri: "/ready", method: .get)
                #expect(ready.status == .serviceUnavailable)
                #expect(ready.detail == "Shutting down")
                #expect(ready.headers[.connection] == "close")
                let health = try await client.execute(uri: "/health", method: .get)
                #expect(health.status == .ok)
                #expect(health.headers[.connection] == "close")
            }
        } catch {
            try await TestDatabase.remove(location)
            throw error
        }
        try await TestDatabase.remove(location)
    }
}
