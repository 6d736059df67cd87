import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts a built server on a free loopback port, walks a `SmokeScenario` over real HTTP, and stops it.
package enum SmokeRunner {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Returns the names of the steps that passed; throws at the first answer that is not the expected one.
    package static func run(_ scenario: SmokeScenario, projectDirectory: URL, buildFolder: URL, log: URL) async throws -> [String] {
        let port = try FreePort.find()
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("authgen-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }

        var variables = ["port": String(port), "tmp": temporary.path]
        let executable = buildFolder.appendingPathComponent("debug").appendingPathComponent(scenario.executable).path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "no built executable at \(executable)")
        }
        let server = try CommandRunner.start(
            [executable] + scenario.arguments.map { substitute($0, variables) },
            in: projectDirectory,
            environment: scenario.environment.mapValues { substitute($0, variables) },
            log: log
        )
        defer { server.stop() }

        let base = "http://127.0.0.1:\(port)"
        try await waitUntilReady(URL(string: base + scenario.ready)!, server: server)
        var passed: [String] = []
        for step in scenario.steps {
            let answer = try await send(step, base: base, variables: variables)
            guard answer.status == step.expect else {
                throw Failure(description: "\(step.name): \(step.method) \(step.path) answered \(answer.status), expected \(step.expect): \(answer.bodyExcerpt)")
            }
            let json = answer.json
            for key in step.expectKeys ?? [] where json[key] == nil {
                throw Failure(description: "\(step.name): the answer has no '\(key)': \(answer.bodyExcerpt)")
            }
            for (variable, key) in step.capture ?? [:] {
                guard let value = json[key] as? String else {
                    throw Failure(description: "\(step.name): the answer has no string '\(key)' to capture")
                }
                variables[variable] = value
            }
            passed.append(step.name)
        }
        return passed
    }

    private struct Answer {
        var status: Int
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        /// What explains a failure without repeating the body, which may hold tokens: its `detail`, else its size.
        var bodyExcerpt: String {
            if let detail = json["detail"] { return "detail \(detail)" }
            return "a body of \(body.count) bytes"
        }
    }

    private static func send(_ step: SmokeScenario.Step, base: String, variables: [String: String]) async throws -> Answer {
        guard let url = URL(string: base + substitute(step.path, variables)) else {
            throw Failure(description: "\(step.name): bad path '\(step.path)'")
        }
        var request = URLRequest(url: url)
        request.httpMethod = step.method
        if let json = step.json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(substitute(json, variables).utf8)
        } else if let form = step.form {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(substitute(form, variables).utf8)
        }
        if let bearer = step.bearer {
            request.setValue("Bearer \(substitute(bearer, variables))", forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }

    private static func waitUntilReady(_ url: URL, server: ChildProcess) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard server.isRunning else {
                throw Failure(description: "the server exited with status \(server.status ?? -1) before it answered \(url.path)")
            }
            if let (_, response) = try? await data(for: URLRequest(url: url, timeoutInterval: 2)),
               (response as? HTTPURLResponse)?.statusCode == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failure(description: "the server did not answer \(url.path) within 60 seconds")
    }

    private static func data(for request: URLRequest) async throws -> (Data, URLResponse) {
        try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let response {
                    continuation.resume(returning: (data ?? Data(), response))
                } else {
                    continuation.resume(throwing: Failure(description: "no answer"))
                }
            }.resume()
        }
    }

    /// Replaces `$name` with the variable's value, longest names first so `$refresh2` is not read as `$refresh`.
    static func substitute(_ text: String, _ variables: [String: String]) -> String {
        var result = text
        for name in variables.keys.sorted(by: { $0.count > $1.count }) {
            result = result.replacingOccurrences(of: "$" + name, with: variables[name] ?? "")
        }
        return result
    }
}

/// A loopback TCP port that nothing listens on right now.
enum FreePort {
    static func find() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw SmokeRunner.Failure(description: "cannot open a socket to find a free port") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0 }
        }
        guard bound else { throw SmokeRunner.Failure(description: "cannot bind a loopback socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
