import Hummingbird
import Logging
import ServiceLifecycle

/// Mail delivery for the server's features: the background service that delivers the mails of this application's
/// `Mailer` through the transport the settings choose. It adds no route of its own.
struct EmailExtension: ServerExtension {
    var migrations: [Migration] { [] }

    /// Mail settings that cannot work stop `serve` as it reads its environment, before anything starts, with the reason.
    func checkEnvironment(_ settings: Settings) throws {
        do {
            _ = try MailSetup(settings: settings, logger: Logger(label: "mail-settings") { _ in SwiftLogNoOpLogHandler() })
        } catch {
            throw SettingsError(error.description)
        }
    }

    func backgroundServices(_ services: ExtensionServices) -> [any Service] {
        let mailer = services.shared(Mailer.self)
        switch mailer.setup {
        case .success(let setup):
            return [
                MailDeliveryService(
                    outbox: mailer.outbox,
                    transport: setup.transport,
                    sender: setup.sender,
                    retry: setup.retry,
                    logger: services.logger
                )
            ]
        case .failure(let error):
            // Only settings built in code get here (`checkEnvironment` refused the environment's): nothing is
            // delivered, and the outbox drops what it cannot hold, each with a log line.
            services.logger.error("Mail is not delivered: \(error.description)")
            return []
        }
    }
}
