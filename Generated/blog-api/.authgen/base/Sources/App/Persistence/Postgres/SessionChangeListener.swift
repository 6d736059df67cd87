import Logging
import PostgresNIO

/// Keeps the `ActiveSessionCache` of this process true to a PostgreSQL database that several server processes share.
/// A trigger (migration `notify_session_changes`) reports each update or deletion of a user or a session on
/// `channel`, with the schema and the user's id, whichever process or shell made it; this process then drops what
/// it kept of that user. It listens on a connection of its own, outside the pool; while that connection is down,
/// the cache keeps nothing.
struct SessionChangeListener: Sendable {
    static let channel = "session_changes"

    let location: PostgresLocation
    let cache: ActiveSessionCache
    let logger: Logger

    /// Listens until the task is cancelled, connecting again a second after each interruption.
    func run() async {
        while !Task.isCancelled {
            do {
                try await self.listen()
            } catch {
                if !Task.isCancelled {
                    self.logger.warning(
                        "Session change notifications interrupted: every session check reads the database until they resume",
                        metadata: ["error.type": "\(String(reflecting: type(of: error)))"]
                    )
                }
            }
            self.cache.changeNotificationsStopped()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Names the listening connection in `pg_stat_activity`.
    static func applicationName(schema: String?) -> String {
        ["session changes", schema].compactMap { $0 }.joined(separator: " ")
    }

    private func listen() async throws {
        var configuration = PostgresConnection.Configuration(
            host: self.location.host,
            port: self.location.port,
            username: self.location.username,
            password: self.location.password,
            database: self.location.database,
            tls: try self.location.tls.connectionConfiguration()
        )
        configuration.options.additionalStartupParameters = [
            ("application_name", Self.applicationName(schema: self.location.schema))
        ]
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: self.logger)
        do {
            let schema = try await self.schemaName(on: connection)
            // Each report is applied on the connection's event loop as it is read: a task reading the notification
            // sequence would first wait for a free thread of the concurrency pool, which a busy server keeps for
            // its requests (tens of milliseconds under load, a window in which a logged-out token is still served).
            let cache = self.cache
            let reports = connection.addListener(channel: Self.channel) { _, notification in
                Self.apply(notification.payload, schema: schema, to: cache)
            }
            defer { reports.stop() }
            // The sequence says when `LISTEN` is in effect, and ends (throwing) when the connection does.
            try await connection.listen(on: Self.channel) { notifications in
                self.cache.changeNotificationsStarted()
                for try await _ in notifications {}
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// The schema whose tables this process uses.
    private func schemaName(on connection: PostgresConnection) async throws -> String? {
        if let schema = self.location.schema { return schema }
        let rows = try await connection.query("SELECT current_schema()", logger: self.logger).collect()
        return try rows.first?.decode(String?.self)
    }

    /// `payload` is `schema:userID`. A report of another schema (another application on the same database) is
    /// ignored; one that cannot be read clears the whole cache.
    static func apply(_ payload: String, schema: String?, to cache: ActiveSessionCache) {
        guard let separator = payload.lastIndex(of: ":"),
            let userID = Int64(payload[payload.index(after: separator)...])
        else {
            cache.invalidateAll()
            return
        }
        if let schema, payload[..<separator] != schema { return }
        cache.invalidate(userID: userID)
    }
}
