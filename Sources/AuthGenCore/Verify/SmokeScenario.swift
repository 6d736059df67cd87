import Foundation
import Yams

/// A plugin's smoke test of a built server: how to start it, and HTTP requests with the answers they must get.
/// In every string, `$port`, `$tmp` and the names of earlier captures are replaced before use.
public struct SmokeScenario: Sendable, Equatable, Codable {
    /// The executable product, looked up in the build folder's `debug/`.
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]
    /// A path that answers 200 once the server is up.
    public var ready: String
    public var steps: [Step]

    public struct Step: Sendable, Equatable, Codable {
        public var name: String
        public var method: String
        public var path: String
        /// A JSON body.
        public var json: String?
        /// A form-urlencoded body.
        public var form: String?
        /// A bearer token for the Authorization header.
        public var bearer: String?
        public var expect: Int
        /// Top-level JSON keys the answer must have.
        public var expectKeys: [String]?
        /// Variable name → top-level JSON key of the answer whose string value it takes.
        public var capture: [String: String]?

        enum CodingKeys: String, CodingKey {
            case name, method, path, json, form, bearer, expect, capture
            case expectKeys = "expect_keys"
        }
    }

    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> SmokeScenario {
        do {
            return try YAMLDecoder().decode(SmokeScenario.self, from: text)
        } catch {
            throw DiagnosticsError(.error("invalid smoke scenario: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
    }
}
