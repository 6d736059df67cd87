import Foundation

/// An address checked once before it reaches a header or the SMTP envelope: plain ASCII `local@domain` with nothing
/// that could end a header line, an envelope command or an angle-bracketed address. Addresses with non-ASCII
/// characters are refused (that would need the SMTPUTF8 extension).
struct MailAddress: Sendable, Equatable {
    let address: String
    let displayName: String?

    init(_ address: String, displayName: String? = nil) throws(MailFormatError) {
        guard Self.isPlainAddress(address) else { throw .invalidAddress }
        if let displayName, displayName.unicodeScalars.contains(where: Self.isControl) {
            throw .headerInjection
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads `Name <addr@example.com>` or `addr@example.com`, as the spec's `email.from` is written.
    init(mailbox: String) throws(MailFormatError) {
        let text = mailbox.trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else {
            try self.init(text)
            return
        }
        var name = text[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast())
        }
        let address = text[text.index(after: open)..<text.index(before: text.endIndex)]
        try self.init(String(address), displayName: name)
    }

    var domain: String {
        String(self.address[self.address.index(after: self.address.lastIndex(of: "@")!)...])
    }

    /// The header form: `"Name" <addr>`, the name as an RFC 2047 encoded word when it is not plain ASCII.
    var headerValue: String {
        guard let displayName else { return self.address }
        return "\(MailHeaderText.phrase(displayName)) <\(self.address)>"
    }

    private static let localCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
    private static let domainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")

    /// RFC 5321's dot-atom `local@domain`, at most 254 characters.
    static func isPlainAddress(_ address: String) -> Bool {
        guard address.utf8.count <= 254 else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard (1...64).contains(local.utf8.count), local.allSatisfy(Self.localCharacters.contains),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 1 && domain.allSatisfy(Self.domainCharacters.contains)
            && labels.allSatisfy { (1...63).contains($0.utf8.count) && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }
}

/// Why a mail cannot be written as a message; the descriptions never repeat the offending value (it may be an
/// address, which logs must not hold).
enum MailFormatError: Error, Equatable, CustomStringConvertible {
    /// Not a plain ASCII `local@domain`.
    case invalidAddress
    /// A header value holds a line break or another control character.
    case headerInjection

    var description: String {
        switch self {
        case .invalidAddress: "the address is not a plain ASCII local@domain"
        case .headerInjection: "a header value holds a line break or a control character"
        }
    }
}
