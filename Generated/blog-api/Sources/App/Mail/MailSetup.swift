import Logging
import NIOCore

/// How mails leave the server.
enum MailTransportKind: String, Sendable {
    /// To the SMTP server of `EMAIL_SMTP_URL`.
    case smtp
    /// As `.eml` files in `EMAIL_DIR`.
    case file
}

/// The mail settings, checked once at start-up: the transport, the sender, the composer and the retry policy.
/// Production with the smtp transport and no `EMAIL_SMTP_URL` is refused; elsewhere mails then go to `EMAIL_DIR`,
/// with a warning, so that development needs no SMTP server.
struct MailSetup: Sendable {
    let kind: MailTransportKind
    let transport: any MailTransport
    let sender: MailAddress
    let composer: MailComposer
    let retry: MailRetryPolicy
    let queueSize: Int

    init(settings: Settings, logger: Logger) throws(MailSetupError) {
        let production = settings.environment == .production
        guard var kind = MailTransportKind(rawValue: settings.emailTransport.lowercased()) else {
            throw MailSetupError("EMAIL_TRANSPORT must be smtp or file, not '\(settings.emailTransport)'")
        }
        if kind == .smtp, settings.emailSmtpUrl.isEmpty {
            if production {
                throw MailSetupError("EMAIL_SMTP_URL is not set; refusing to start in production with the smtp mail transport")
            }
            logger.warning("EMAIL_SMTP_URL is not set: mails are written to EMAIL_DIR instead of being sent")
            kind = .file
        }
        switch kind {
        case .smtp:
            let configuration: SMTPConfiguration
            do {
                configuration = try SMTPConfiguration(url: settings.emailSmtpUrl)
            } catch {
                throw MailSetupError(error.description)
            }
            do {
                self.transport = try SMTPTransport(
                    configuration: configuration,
                    timeout: .seconds(Int64(settings.emailSmtpTimeoutSeconds)),
                    caFile: settings.emailSmtpCaFile.isEmpty ? nil : settings.emailSmtpCaFile
                )
            } catch {
                throw MailSetupError("EMAIL_SMTP_CA_FILE cannot be used: \(error)")
            }
        case .file:
            guard !settings.emailDir.isEmpty else { throw MailSetupError("EMAIL_DIR is empty") }
            self.transport = FileTransport(directory: settings.emailDir)
        }
        do {
            self.sender = try MailAddress(MailDefaults.fromAddress, displayName: MailDefaults.fromName)
        } catch {
            throw MailSetupError("email.from cannot be used as the sender: \(error)")
        }
        try MailLinkBuilder.validate(publicURL: settings.emailPublicUrl)
        if production, !settings.emailPublicUrl.lowercased().hasPrefix("https://") {
            logger.warning("EMAIL_PUBLIC_URL is not an https URL: links in mails will carry their tokens in clear text")
        }
        self.composer = try MailComposer(links: MailLinkBuilder(publicURL: settings.emailPublicUrl))
        self.kind = kind
        self.retry = MailRetryPolicy(
            attempts: settings.emailDeliveryAttempts,
            firstDelay: .seconds(settings.emailRetrySeconds)
        )
        self.queueSize = settings.emailQueueSize
    }
}
