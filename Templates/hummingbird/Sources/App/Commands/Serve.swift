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
        // SIGTERM or SIGINT: /ready answers 503 and answers close their connections; 2 s later (longer than the
        // generated nginx.conf keeps an idle connection) the server stops accepting and closes idle keep-alive
        // connections; requests in flight may run until SHUTDOWN_GRACE_SECONDS (counted from the signal) are up, then
        // what is left is cancelled and the process exits.
        let retireDelay = Duration.seconds(min(2, settings.shutdownGraceSeconds))
        var configuration = ServiceGroupConfiguration(
            services: [app, ShutdownNotice(state: shutdown, retireDelay: retireDelay)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: app.logger
        )
        configuration.maximumGracefulShutdownDuration = .seconds(settings.shutdownGraceSeconds)
        configuration.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: configuration).run()
    }
}
