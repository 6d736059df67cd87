/// Hands a message to whatever carries it on: an SMTP server or a folder.
protocol MailTransport: Sendable {
    /// Throws `MailDeliveryError`: `.temporary` is worth another attempt later, `.permanent` is not.
    func deliver(_ message: MailMessage) async throws(MailDeliveryError)
}

/// Why a delivery failed. The reason is safe to log: it never holds an address, a credential or a body, and an
/// SMTP reply is reduced to its codes (`550 5.1.1`), whose text often repeats the recipient.
enum MailDeliveryError: Error, Equatable, CustomStringConvertible {
    /// A 4xx reply, a refused or broken connection, a timeout: another attempt may succeed.
    case temporary(String)
    /// A 5xx reply, an address that cannot be written, a server without what the settings demand (STARTTLS, AUTH).
    case permanent(String)

    var reason: String {
        switch self {
        case .temporary(let reason), .permanent(let reason): reason
        }
    }

    var isTemporary: Bool {
        if case .temporary = self { true } else { false }
    }

    var description: String {
        switch self {
        case .temporary(let reason): "temporary failure: \(reason)"
        case .permanent(let reason): "permanent failure: \(reason)"
        }
    }
}
