import Hummingbird
import Logging
import ServiceLifecycle

/// Mail delivery for the server's features: the outbox, and the background service that delivers its mails through
/// the transport the settings choose. It adds no route of its own.
struct EmailExtension: ServerExtension {
    var migrations: [Migration] { [] }

    func register(on router: Router<AppRequestContext>, settings: Settings, database: any ExtensionDatabase) {}

    func services(settings: Settings, database: any ExtensionDatabase, logger: Logger) -> [any Service] {
        do {
            let setup = try MailSetup(settings: settings, logger: logger)
            let outbox = MailOutbox(capacity: setup.queueSize, logger: logger)
            return [
                MailDeliveryService(outbox: outbox, transport: setup.transport, sender: setup.sender, retry: setup.retry, logger: logger)
            ]
        } catch {
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
