import ArgumentParser

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")

    func run() async throws {
        let settings = try await loadSettingsOrExit()
        try await withRepository(settings: settings) { repository in
            try await repository.migrate()
        }
        print("Database is up to date.")
    }
}
