import Logging
import NIOCore
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
        let connection = try await self.connect()
        do {
            try await self.receiveReports(on: connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// Opens the listening connection, outside the pool.
    func connect() async throws -> PostgresConnection {
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
        return try await PostgresConnection.connect(configuration: configuration, id: 0, logger: self.logger)
    }

    /// Applies the reports that arrive on `connection` until it ends, which throws. A connection that is already
    /// lost throws at once: PostgreSQL may end it at any moment, between any two of these steps.
    func receiveReports(on connection: PostgresConnection) async throws {
        let schema = try await self.schemaName(on: connection)
        // The sequence says when `LISTEN` is in effect, and ends (throwing) when the connection does. PostgresNIO's
        // closure listener (`addListener`) would stop the process if the connection ended before it was registered.
        try await connection.listen(on: Self.channel) { notifications in
            self.cache.changeNotificationsStarted()
            try await ReportReader(eventLoop: connection.eventLoop)
                .apply(notifications, schema: schema, to: self.cache)
        }
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

/// Reads the notifications on the listening connection's event loop, where they arrive, so each report is applied
/// as it is read: a task of the concurrency pool would first wait for a free thread, which a busy server keeps for
/// its requests (tens of milliseconds under load, a window in which a logged-out token is still served).
private actor ReportReader {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        self.eventLoop.executor.asUnownedSerialExecutor()
    }

    func apply(_ notifications: PostgresNotificationSequence, schema: String?, to cache: ActiveSessionCache) async throws {
        for try await notification in notifications {
            SessionChangeListener.apply(notification.payload, schema: schema, to: cache)
        }
    }
}
