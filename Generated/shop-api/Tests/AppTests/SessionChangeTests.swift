import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import App

/// Two server processes on one PostgreSQL database, each keeping answers of the session check for 60 seconds: a
/// change made by the other process or by a psql shell must reach both long before those answers expire.
@Suite("Session changes reach every server process (PostgreSQL)")
struct SessionChangeTests {
    static let databases = TestDatabase.available.filter(\.isPostgres)

    @Test(arguments: Self.databases)
    func aLogoutOnOneProcessReachesTheOther(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, second in
            let tokens = try await first.client.signUp("nadia")
            let claims = try TokenTests.claims(of: tokens.accessToken)
            try await second.untilListening()
            #expect(try await second.client.me(tokens.accessToken).status == .ok)
            #expect(second.cache.user(id: claims.userID, session: claims.sid, now: Date()) != nil)

            #expect(try await first.client.logout(tokens.accessToken).status == .ok)
            try await second.untilDropped(userID: claims.userID, session: claims.sid)
            TokenTests.expectInvalid(try await second.client.me(tokens.accessToken))
            TokenTests.expectInvalid(try await first.client.me(tokens.accessToken))
        }
    }

    @Test(arguments: Self.databases)
    func aRevocationFromAPsqlShellReachesEveryProcess(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, second in
            let tokens = try await first.client.signUp("omar")
            let claims = try TokenTests.claims(of: tokens.accessToken)
            for replica in [first, second] {
                try await replica.untilListening()
                #expect(try await replica.client.me(tokens.accessToken).status == .ok)
            }

            // A plain statement, as an operator would type it: neither process's own writes are involved.
            try await first.postgres.database.query("UPDATE sessions SET revoked_at = now() WHERE user_id = \(claims.userID)")
            for replica in [first, second] {
                try await replica.untilDropped(userID: claims.userID, session: claims.sid)
                TokenTests.expectInvalid(try await replica.client.me(tokens.accessToken))
            }
        }
    }

    @Test(arguments: Self.databases)
    func aDeactivationThroughOneProcessReachesTheOther(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, second in
            let tokens = try await first.client.signUp("pia")
            let claims = try TokenTests.claims(of: tokens.accessToken)
            try await second.untilListening()
            #expect(try await second.client.me(tokens.accessToken).status == .ok)

            try await first.context.repository.setActive(false, userID: claims.userID)
            try await second.untilDropped(userID: claims.userID, session: claims.sid)
            // Deactivation revoked the session too.
            TokenTests.expectInvalid(try await second.client.me(tokens.accessToken))
        }
    }

    @Test(arguments: Self.databases)
    func whileTheListeningConnectionIsDownNothingIsKept(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, _ in
            let tokens = try await first.client.signUp("quinn")
            let claims = try TokenTests.claims(of: tokens.accessToken)
            try await first.untilListening()
            #expect(try await first.client.me(tokens.accessToken).status == .ok)
            #expect(first.cache.user(id: claims.userID, session: claims.sid, now: Date()) != nil)

            guard case .postgres(let location) = first.context.settings.database else {
                Issue.record("a PostgreSQL test without a PostgreSQL location")
                return
            }
            let name = SessionChangeListener.applicationName(schema: location.schema)
            let ended = try await first.postgres.database.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(name)"
            )
            #expect(ended.count == 2)  // one listening connection per process

            try await Replica.until("the process notices the lost connection") { !first.cache.isStoring }
            #expect(first.cache.user(id: claims.userID, session: claims.sid, now: Date()) == nil)
            #expect(try await first.client.me(tokens.accessToken).status == .ok)
            #expect(first.cache.user(id: claims.userID, session: claims.sid, now: Date()) == nil)

            // It listens again by itself, and keeps answers again.
            try await first.untilListening()
            #expect(try await first.client.me(tokens.accessToken).status == .ok)
            #expect(first.cache.user(id: claims.userID, session: claims.sid, now: Date()) != nil)
        }
    }

    /// PostgreSQL may end the listening connection between its opening and the `LISTEN`: the process must take
    /// that as one more interruption (and connect again), not stop.
    @Test(arguments: Self.databases)
    func aConnectionLostBeforeListeningIsAnInterruption(database: TestDatabase) async throws {
        guard case .postgres(let location) = try database.makeFreshLocation() else {
            Issue.record("a PostgreSQL test without a PostgreSQL location")
            return
        }
        let cache = ActiveSessionCache(lifetime: 60, waitsForChangeNotifications: true)
        let listener = SessionChangeListener(location: location, cache: cache, logger: Logger(label: "test"))
        for _ in 0..<3 {
            let connection = try await listener.connect()
            try await connection.close()
            await #expect(throws: (any Error).self) { try await listener.receiveReports(on: connection) }
        }
        #expect(!cache.isStoring)
    }
}

extension Replica {
    var postgres: PostgresRepository {
        get throws { try #require(self.context.repository as? PostgresRepository) }
    }

    var cache: ActiveSessionCache {
        (self.context.repository as? PostgresRepository)?.activeSessions ?? ActiveSessionCache(lifetime: 0)
    }

    /// Waits (5 s at most) until this process receives change reports, so that it keeps answers at all.
    func untilListening() async throws {
        try await Self.until("the process listens for session changes") { self.cache.isStoring }
    }

    /// Waits (5 s at most) until the process has dropped what it kept of that session.
    func untilDropped(userID: Int64, session: String) async throws {
        try await Self.until("the change reaches the process") {
            self.cache.user(id: userID, session: session, now: Date()) == nil
        }
    }

    static func until(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("Timed out after 5 s waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
