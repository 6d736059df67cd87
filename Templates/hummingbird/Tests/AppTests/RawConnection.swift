import Dispatch
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import App

/// Runs `test` against the application listening on a free loopback port, for what only a real socket shows.
func withLiveApp(
    on database: TestDatabase,
    with changes: SettingsChange...,
    test: @escaping @Sendable (_ port: Int) async throws -> Void
) async throws {
    let location = try database.makeFreshLocation()
    do {
        let (app, _) = try await makeApp(on: location, with: changes)
        try await app.test(.live) { client in
            try await test(try #require(client.port))
        }
    } catch {
        try await TestDatabase.remove(location)
        throw error
    }
    try await TestDatabase.remove(location)
}

/// A plain TCP connection to the server, to see what an HTTP client library hides: the response head as sent,
/// and when the server closes the connection.
final class RawConnection: Sendable {
    struct Failure: Error {
        let what: String
    }

    /// What a read got: the bytes as text, and whether the server closed the connection.
    struct Received: Sendable {
        let text: String
        let closed: Bool

        /// The header lines of the first response, lower-cased.
        var headLines: [String] {
            let head = self.text.components(separatedBy: "\r\n\r\n").first ?? ""
            return head.components(separatedBy: "\r\n").dropFirst().map { $0.lowercased() }
        }

        var statusLine: String {
            self.text.components(separatedBy: "\r\n").first ?? ""
        }

        /// Whether one whole response (head and a body of its `Content-Length`) has arrived.
        var hasWholeResponse: Bool {
            guard let end = self.text.range(of: "\r\n\r\n") else { return false }
            let length = self.headLines.first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            return self.text[end.upperBound...].utf8.count >= length
        }
    }

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        _ = close(self.descriptor)
    }

    /// Connects to `localhost:port`, trying each address the name has, as the live test server listens on it.
    static func open(port: Int) throws -> RawConnection {
        var hints = addrinfo()
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo("localhost", String(port), &hints, &addresses) == 0 else { throw Failure(what: "no address for localhost") }
        defer { freeaddrinfo(addresses) }
        var candidate = addresses
        while let address = candidate?.pointee {
            let descriptor = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
            if descriptor >= 0 {
                if connect(descriptor, address.ai_addr, address.ai_addrlen) == 0 {
                    return RawConnection(descriptor: descriptor)
                }
                _ = close(descriptor)
            }
            candidate = address.ai_next
        }
        throw Failure(what: "cannot connect to localhost:\(port)")
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { write(self.descriptor, $0.baseAddress, $0.count) }
        guard sent == bytes.count else { throw Failure(what: "could not send the request") }
    }

    /// Reads until the server closes the connection, `enough` holds for what arrived, or `timeout` passes.
    func read(timeout: Duration, until enough: @escaping @Sendable (Received) -> Bool = { _ in false }) async -> Received {
        await withCheckedContinuation { continuation in
            // The reads block, so they wait on a thread of their own rather than on one the server needs.
            DispatchQueue.global().async {
                continuation.resume(returning: self.blockingRead(timeout: timeout, until: enough))
            }
        }
    }

    private func blockingRead(timeout: Duration, until enough: (Received) -> Bool) -> Received {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while clock.now < deadline {
            var watched = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
            let left = clock.now.duration(to: deadline).components
            let milliseconds = Int32(min(left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000, 1000))
            guard poll(&watched, 1, max(milliseconds, 1)) > 0 else { continue }
            let count = recv(self.descriptor, &buffer, buffer.count, 0)
            // 0 is the server's FIN; an error (a reset) is a closed connection too.
            if count <= 0 {
                return Received(text: String(decoding: bytes, as: UTF8.self), closed: true)
            }
            bytes += buffer[0..<count]
            let received = Received(text: String(decoding: bytes, as: UTF8.self), closed: false)
            if enough(received) { return received }
        }
        return Received(text: String(decoding: bytes, as: UTF8.self), closed: false)
    }
}
