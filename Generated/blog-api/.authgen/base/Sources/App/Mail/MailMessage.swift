import Foundation

/// A mail as an RFC 5322 message, ready for SMTP `DATA` or an `.eml` file: From, To, Subject, Date, Message-ID and
/// MIME headers, then a `text/plain` part, or `multipart/alternative` with the text and the HTML. Lines end in CRLF.
/// Every header value is checked: a line break in the subject or an address is refused, not sent.
struct MailMessage: Sendable {
    let sender: MailAddress
    let recipient: MailAddress
    let messageID: String
    /// The whole message, CRLF line endings, no dot-stuffing (the SMTP transport adds it).
    let data: String

    init(_ mail: OutgoingMail, from sender: MailAddress, date: Date = Date()) throws(MailFormatError) {
        let recipient = try MailAddress(mail.to)
        let subject = try MailHeaderText.unstructured(mail.subject)
        self.sender = sender
        self.recipient = recipient
        self.messageID = "<\(Self.randomHex(bytes: 16))@\(sender.domain)>"

        var lines = [
            "From: \(sender.headerValue)",
            "To: \(recipient.address)",
            "Subject: \(subject)",
            "Date: \(Self.dateHeader(date))",
            "Message-ID: \(self.messageID)",
            "MIME-Version: 1.0",
        ]
        if let html = mail.html {
            let boundary = "=_alternative_\(Self.randomHex(bytes: 12))"
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines += Self.part(mail.text, type: "text/plain")
            lines.append("--\(boundary)")
            lines += Self.part(html, type: "text/html")
            lines.append("--\(boundary)--")
        } else {
            lines += Self.part(mail.text, type: "text/plain")
        }
        self.data = lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A part's headers, a blank line and its body: as written (7bit) when it is ASCII with short lines, so that it
    /// reads as it is in an .eml file, else base64 (UTF-8, long lines).
    static func part(_ body: String, type: String) -> [String] {
        let bodyLines = Self.lines(of: body)
        let plain = body.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "\n" || $0 == "\r" || $0 == "\t" || !MailAddress.isControl($0)) }
            && bodyLines.allSatisfy { $0.utf8.count <= 998 }
        if plain {
            return ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: 7bit", ""] + bodyLines
        }
        let base64 = Data(bodyLines.joined(separator: "\r\n").utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            + base64.components(separatedBy: "\r\n")
    }

    /// The body's lines, whatever its line endings (CRLF, LF or CR).
    static func lines(of body: String) -> [String] {
        body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
    }

    /// RFC 5322's date-time in UTC: `Wed, 02 Dec 2026 01:15:11 +0000`.
    static func dateHeader(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    private static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
