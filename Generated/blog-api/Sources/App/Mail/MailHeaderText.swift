import Foundation

/// Header text as RFC 5322 and RFC 2047 want it: plain ASCII as it is, anything else as UTF-8 encoded words.
/// A line break or another control character in a value is refused, never cleaned up: it would start a new header.
enum MailHeaderText {
    /// An unstructured value such as the subject.
    static func unstructured(_ value: String) throws(MailFormatError) -> String {
        guard !value.unicodeScalars.contains(where: MailAddress.isControl) else { throw .headerInjection }
        if value.unicodeScalars.allSatisfy({ $0.isASCII }) && value.utf8.count <= 900 {
            return value
        }
        return Self.encodedWords(value)
    }

    /// A display name: a quoted string when it is printable ASCII, else encoded words.
    static func phrase(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ $0.isASCII }), !value.contains("\""), !value.contains("\\"), value.utf8.count <= 200 {
            return "\"\(value)\""
        }
        return Self.encodedWords(value)
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, folded onto continuation lines; a character is never split.
    static func encodedWords(_ value: String) -> String {
        var words: [String] = []
        var chunk = [UInt8]()
        // 45 bytes of UTF-8 are 60 characters of base64: with `=?UTF-8?B?` and `?=` a word stays under 75.
        for character in value {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(Self.word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(Self.word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }
}
