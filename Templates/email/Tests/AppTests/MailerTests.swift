import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

@testable import App

/// The per-application wiring: what a feature sends through `services.shared(Mailer.self)` is delivered by the
/// email extension's background service of that same application.
@Suite("Mailer")
struct MailerTests {
    @Test("a mail sent through the application's Mailer reaches EMAIL_DIR through its delivery service", arguments: TestDatabase.available)
    func sendThroughTheApplication(on database: TestDatabase) async throws {
        let folder = MailFolder.temporary()
        defer { folder.remove() }
        try await withApp(on: database, with: .set(\.emailTransport, "file"), .set(\.emailDir, folder.path)) { _, context in
            let logs = RecordedLogs()
            let services = ExtensionServices(settings: context.settings, repository: context.repository, logger: logs.logger)
            let mailer = services.shared(Mailer.self)
            #expect(services.shared(Mailer.self) === mailer)
            let delivery = EmailExtension().backgroundServices(services)
            #expect(delivery.count == 1 && delivery.first is MailDeliveryService)
            let group = ServiceGroup(configuration: .init(services: delivery, logger: logs.logger))
            async let running: Void = group.run()
            mailer.send(.passwordReset, to: "ada@example.org", token: "the-token", values: ["expires_in": "30 minutes"])
            _ = await logs.first { $0.message == "Mail delivered" }
            await group.triggerGracefulShutdown()
            try await running

            let mails = try folder.mails(to: "ada@example.org")
            #expect(mails.count == 1)
            #expect(mails.first?.token == "the-token")
            #expect(mails.first?.link == "\(context.settings.emailPublicUrl)/reset-password?token=the-token")
            #expect(mails.first?.headers["From"]?.contains(MailDefaults.fromAddress) == true)
        }
    }

    @Test("mail settings that cannot work stop the server as it reads its environment, with the reason")
    func brokenSettingsStopTheStart() throws {
        let production = [
            "ENVIRONMENT": "production", "JWT_ALGORITHM": "HS256", "SECRET_KEY": SettingsTests.goodSecret,
            "EMAIL_TRANSPORT": "smtp", "EMAIL_PUBLIC_URL": "https://app.example.com",
        ]
        let error = #expect(throws: SettingsError.self) { try Settings(environment: Environment(values: production)) }
        #expect(error?.description.contains("EMAIL_SMTP_URL is not set") == true)
        var development = production
        development["ENVIRONMENT"] = "development"
        #expect(try Settings(environment: Environment(values: development)).emailTransport == "smtp")
    }
}
