import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("HTTP connections on a real socket")
struct HTTPConnectionTests {
    static let health = "GET /health HTTP/1.1\r\nHost: localhost\r\n"

    /// RFC 9112 §9.6: the server that closes after this response says so, so that pooled clients do not reuse it.
    @Test(arguments: TestDatabase.available)
    func connectionCloseIsAnsweredWithConnectionClose(database: TestDatabase) async throws {
        try await withLiveApp(on: database) { port in
            for request in [
                Self.health + "Connection: close\r\n\r\n",
                "GET \(TestValues.authPrefix)/me HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            ] {
                let connection = try RawConnection.open(port: port)
                try connection.send(request)
                let answer = await connection.read(timeout: .seconds(10))
                #expect(answer.hasWholeResponse, "\(request)")
                #expect(answer.headLines.contains("connection: close"), "\(answer.statusLine)")
                #expect(answer.closed, "\(answer.statusLine)")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func keepAliveConnectionsServeTheNextRequest(database: TestDatabase) async throws {
        try await withLiveApp(on: database) { port in
            let connection = try RawConnection.open(port: port)
            for number in 1...3 {
                try connection.send(Self.health + "\r\n")
                let answer = await connection.read(timeout: .seconds(10)) { $0.hasWholeResponse }
                #expect(answer.statusLine == "HTTP/1.1 200 OK", "request \(number)")
                #expect(!answer.headLines.contains { $0.hasPrefix("connection:") }, "request \(number)")
                #expect(!answer.closed, "request \(number)")
            }
        }
    }

    /// A client that connects and sends nothing, or only part of a request head, does not hold the connection.
    @Test(arguments: TestDatabase.available)
    func idleConnectionsAreClosed(database: TestDatabase) async throws {
        try await withLiveApp(on: database, with: .set(\.httpIdleTimeout, 1)) { port in
            for (name, start) in [("silent", ""), ("slow head", "GET /health HTTP/1.1\r\nHost: loc")] {
                let connection = try RawConnection.open(port: port)
                if !start.isEmpty { try connection.send(start) }
                let clock = ContinuousClock()
                let opened = clock.now
                let answer = await connection.read(timeout: .seconds(10))
                #expect(answer.closed, "\(name)")
                #expect(answer.text.isEmpty, "\(name)")
                #expect(opened.duration(to: clock.now) < .seconds(5), "\(name)")
            }
            // A connection that asks in time is served, then closed once idle too.
            let busy = try RawConnection.open(port: port)
            try busy.send(Self.health + "\r\n")
            let answer = await busy.read(timeout: .seconds(10)) { $0.hasWholeResponse }
            #expect(answer.statusLine == "HTTP/1.1 200 OK")
            #expect(await busy.read(timeout: .seconds(10)).closed)
        }
    }

    @Test func idleTimeoutAndSessionLifetimeSettingsAreRangeChecked() throws {
        #expect(try Settings(environment: [:]).httpIdleTimeout == 30)
        #expect(try Settings(environment: ["HTTP_IDLE_TIMEOUT_SECONDS": "5"]).httpIdleTimeout == 5)
        for invalid in ["0", "-1", "3601", "30s"] {
            #expect(throws: SettingsError.self) { try Settings(environment: ["HTTP_IDLE_TIMEOUT_SECONDS": invalid]) }
        }
        #expect(try Settings(environment: [:]).jwt.sessionMaxLifetime == SpecDefaults.sessionMaxLifetimeSeconds)
        #expect(try Settings(environment: ["SESSION_MAX_LIFETIME_SECONDS": "3600"]).jwt.sessionMaxLifetime == 3600)
        for invalid in ["0", "59", "315360001", "1d"] {
            #expect(throws: SettingsError.self) { try Settings(environment: ["SESSION_MAX_LIFETIME_SECONDS": invalid]) }
        }
    }
}
