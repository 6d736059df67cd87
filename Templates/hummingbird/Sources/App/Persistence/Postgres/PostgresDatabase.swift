import Logging
import PostgresNIO

/// The pool of connections to PostgreSQL, and the one way the repositories run a statement on it.
final class PostgresDatabase: Sendable {
    let client: PostgresClient
    /// Tables live in this schema when set (`schema=` in `DATABASE_URL`).
    let schema: String?
    let logger: Logger

    init(location: PostgresLocation, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: location.host,
            port: location.port,
            username: location.username,
            password: location.password,
            database: location.database,
            tls: location.tls.clientConfiguration
        )
        if let schema = location.schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        // A fixed-size pool with a short keep-alive: postgres-nio arms a timer each time a connection goes back
        // to the pool (keep-alive) and for connections above the minimum (idle timeout), and a cancelled timer
        // keeps its memory until its deadline, so long timers make memory grow with the request rate.
        configuration.options.minimumConnections = location.poolSize
        configuration.options.maximumConnections = location.poolSize
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(5))
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.schema = location.schema
        self.logger = logger
    }

    /// Keeps the pool's connections until the task is cancelled.
    func run() async {
        await self.client.run()
    }

    /// Runs one statement and reads all its rows before the connection goes back to the pool.
    ///
    /// Not `PostgresClient.query`: when a statement fails after PostgreSQL has accepted it (a unique violation, say)
    /// before the caller starts reading its rows, that call never gives its connection back (postgres-nio 1.33),
    /// and the pool runs dry.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.client.withConnection { connection in
            try await connection.query(query, logger: self.logger).collect()
        }
    }

    /// Runs a statement whose one row is one count.
    func count(_ statement: PostgresQuery) async throws -> Int {
        let rows = try await self.query(statement)
        guard let row = rows.first else { throw RepositoryError.noRowReturned }
        return try row.decode(Int.self)
    }
}
