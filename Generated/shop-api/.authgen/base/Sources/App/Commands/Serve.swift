import ArgumentParser
import Hummingbird
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run migrations and serve the API (the default).")

    @Option(name: .long, help: "Address to listen on; overrides HOST.")
    var hostname: String?

    @Option(name: .shortAndLong, help: "Port to listen on; overrides PORT.")
    var port: Int?

    func run() async throws {
        var settings = try await loadSettingsOrExit()
        if let hostname { settings.host = hostname }
        if let port { settings.port = port }
        let shutdown = ShutdownState()
        let app = try await exitOnSettingsError { try await buildApplication(settings: settings, shutdown: shutdown) }
        // SIGTERM or SIGINT: stop accepting, close idle keep-alive connections, let requests in flight finish for
        // at most SHUTDOWN_GRACE_SECONDS, then cancel what is left and exit.
        var configuration = ServiceGroupConfiguration(
            services: [app, ShutdownNotice(state: shutdown)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: app.logger
        )
        configuration.maximumGracefulShutdownDuration = .seconds(settings.shutdownGraceSeconds)
        configuration.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: configuration).run()
    }
}
