@testable import AuthGenCore
import Foundation
import Testing

/// Files of the spec tests, found from this source file.
enum SpecTestFiles {
    static let specTests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let invalidSpecs = specTests.deletingLastPathComponent().appendingPathComponent("Fixtures/invalid-specs")
    static let repository = specTests.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func example(_ name: String) -> URL {
        repository.appendingPathComponent("Examples/\(name)")
    }

    /// Names of the broken specs (`NAME.yaml` with `NAME.expected`), sorted.
    static var corpus: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: invalidSpecs.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }

    static func text(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}

@Suite("Spec: corpus of broken specs")
struct SpecCorpusTests {
    @Test("the corpus covers at least 30 broken specs, each with its expected diagnostics")
    func corpusSize() {
        let names = SpecTestFiles.corpus
        #expect(names.count >= 30)
        for name in names {
            #expect(FileManager.default.fileExists(atPath: SpecTestFiles.invalidSpecs.appendingPathComponent("\(name).expected").path), "\(name).expected is missing")
        }
    }

    @Test("each broken spec gives exactly its expected diagnostics and no model", arguments: SpecTestFiles.corpus)
    func brokenSpec(name: String) throws {
        let text = try SpecTestFiles.text(SpecTestFiles.invalidSpecs.appendingPathComponent("\(name).yaml"))
        let expected = (try? SpecTestFiles.text(SpecTestFiles.invalidSpecs.appendingPathComponent("\(name).expected"))) ?? ""
        let result = SpecLoader.parse(text, file: "\(name).yaml")
        let actual = result.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        if let folder = ProcessInfo.processInfo.environment["AUTHGEN_SPEC_ACTUAL"] {
            try? Data(actual.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("\(name).expected"))
        }
        #expect(actual == expected)
        #expect(result.spec == nil)
        #expect(result.diagnostics.hasErrors)
    }
}
