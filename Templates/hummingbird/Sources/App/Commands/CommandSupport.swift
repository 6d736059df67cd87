import ArgumentParser
import Foundation
import ServiceLifecycle

/// A command that cannot finish; ArgumentParser prints the description and exits with status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Loads the settings, or prints the one-line reason they are refused and exits with status 1.
func loadSettingsOrExit() async throws -> Settings {
    try await exitOnSettingsError { try await Settings.fromProcessEnvironment() }
}

func exitOnSettingsError<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as SettingsError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode.failure
    }
}

/// Runs `body` with a repository whose connections are open, and closes them afterwards.
func withRepository<T: Sendable>(
    settings: Settings,
    _ body: @escaping @Sendable (any AppRepository) async throws -> T
) async throws -> T {
    let logger = makeLogger(settings: settings)
    let repository = try await RepositoryFactory.make(for: settings.database, logger: logger)
    let services = ServiceGroup(configuration: .init(services: [repository], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await services.run() }
        do {
            let result = try await body(repository)
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            await services.triggerGracefulShutdown()
            try? await group.waitForAll()
            throw error
        }
    }
}
