import ArgumentParser
import Hummingbird

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
        let app = try await exitOnSettingsError { try await buildApplication(settings: settings) }
        try await app.runService()
    }
}
