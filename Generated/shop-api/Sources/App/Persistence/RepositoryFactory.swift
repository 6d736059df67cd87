import Logging

enum RepositoryFactory {
    static func make(for location: DatabaseLocation, logger: Logger) async throws -> any AppRepository {
        switch location {
        case .sqlite(let path):
            try await SQLiteRepository.open(path: path, logger: logger)
        case .postgres(let postgres):
            PostgresRepository(location: postgres, logger: logger)
        }
    }
}
