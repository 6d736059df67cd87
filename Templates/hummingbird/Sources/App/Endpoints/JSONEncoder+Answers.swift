import Foundation

extension JSONEncoder {
    /// The encoder of every JSON answer: keys sorted, so that the same answer is always the same bytes (Foundation
    /// otherwise writes them in a different order from one answer to the next), and dates in ISO 8601.
    static func answers() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
