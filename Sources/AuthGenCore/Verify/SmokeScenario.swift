import Foundation
import Yams

/// A plugin's smoke test of a built server: how to start it, and HTTP requests with the answers they must get.
/// In every string, `$port`, `$tmp` and the names of earlier captures are replaced before use.
package struct SmokeScenario: Sendable, Equatable, Codable {
    /// The executable product, looked up in the build folder's `debug/`.
    package var executable: String
    package var arguments: [String]
    package var environment: [String: String]
    /// A path that answers 200 once the server is up.
    package var ready: String
    package var steps: [Step]

    package struct Step: Sendable, Equatable, Codable {
        package var name: String
        package var method: String
        package var path: String
        /// A JSON body.
        package var json: String?
        /// A form-urlencoded body.
        package var form: String?
        /// A bearer token for the Authorization header.
        package var bearer: String?
        package var expect: Int
        /// Top-level JSON keys the answer must have.
        package var expectKeys: [String]?
        /// Variable name → top-level JSON key of the answer whose string value it takes.
        package var capture: [String: String]?

        enum CodingKeys: String, CodingKey {
            case name, method, path, json, form, bearer, expect, capture
            case expectKeys = "expect_keys"
        }
    }

    package static func parse(_ text: String, file: String) throws(DiagnosticsError) -> SmokeScenario {
        do {
            return try YAMLDecoder().decode(SmokeScenario.self, from: text)
        } catch {
            throw DiagnosticsError(.error("invalid smoke scenario: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
    }
}
