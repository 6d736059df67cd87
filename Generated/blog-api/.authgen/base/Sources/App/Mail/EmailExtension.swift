import Hummingbird
import Logging
import ServiceLifecycle

/// Mail delivery for the server's features: the background service that delivers the mails of this application's
/// `Mailer` through the transport the settings choose. It adds no route of its own.
struct EmailExtension: ServerExtension {
    var migrations: [Migration] { [] }

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
            return [MailSetupFailure(error: error)]
        }
    }
}

/// Stops the server as it starts when the mail settings cannot work, with the reason.
struct MailSetupFailure: Service {
    let error: MailSetupError

    func run() async throws {
        throw self.error
    }
}
