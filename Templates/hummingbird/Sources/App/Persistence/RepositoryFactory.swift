import Logging

enum RepositoryFactory {
    /// `sessionCacheSeconds`: how long an answer of the per-request session check is kept (0: not at all).
    static func make(for location: DatabaseLocation, sessionCacheSeconds: Int = 0, logger: Logger) async throws -> any AppRepository {
        switch location {
        case .sqlite(let path):
            try await SQLiteRepository.open(path: path, sessionCacheSeconds: sessionCacheSeconds, logger: logger)
        case .postgres(let postgres):
            PostgresRepository(location: postgres, sessionCacheSeconds: sessionCacheSeconds, logger: logger)
        }
    }
}
