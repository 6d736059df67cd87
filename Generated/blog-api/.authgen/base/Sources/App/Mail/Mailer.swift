/// This application's mail, shared by every mail feature: the outbox that the delivery service empties and the
/// composer of `MailTemplates`. A route or hook reaches it as `services.shared(Mailer.self)` (an `ExtensionServer`
/// as `server.services.shared(Mailer.self)`), and `send` composes a mail, queues it and returns at once.
final class Mailer: SharedExtensionValue {
    let outbox: MailOutbox
    let composer: MailComposer
    /// The checked settings, or why they cannot work: the delivery service then stops the server as it starts.
    let setup: Result<MailSetup, MailSetupError>

    init(services: ExtensionServices) {
        let settings = services.settings
        self.outbox = MailOutbox(capacity: settings.emailQueueSize, logger: services.logger)
        do {
            let setup = try MailSetup(settings: settings, logger: services.logger)
            self.setup = .success(setup)
            self.composer = setup.composer
        } catch {
            self.setup = .failure(error)
            // Never used to send: the server does not start. The templates are empty so that nothing can fail here.
            self.composer = MailComposer.unavailable(publicURL: settings.emailPublicUrl)
        }
    }

    /// Composes `template` for `recipient` (with `token`, the `link` value is the front end's link carrying it) and
    /// queues it for delivery.
    func send(_ template: MailTemplateName, to recipient: String, token: String? = nil, values: [String: String] = [:]) {
        self.outbox.send(self.composer.compose(template, to: recipient, token: token, values: values))
    }
}
