import Foundation
import Testing

@testable import App

/// The mail settings as the server reads them at start-up.
@Suite("Mail settings")
struct MailSetupTests {
    static func settings(_ change: (inout Settings) -> Void) -> Settings {
        var settings = Settings.forTesting(database: .sqlite(path: ":memory:"))
        change(&settings)
        return settings
    }

    @Test("production with the smtp transport and no EMAIL_SMTP_URL refuses to start")
    func productionNeedsAnSMTPURL() {
        let settings = Self.settings {
            $0.environment = .production
            $0.emailTransport = "smtp"
            $0.emailSmtpUrl = ""
            $0.emailPublicUrl = "https://app.example.com"
        }
        let error = #expect(throws: MailSetupError.self) { try MailSetup(settings: settings, logger: RecordedLogs().logger) }
        #expect(error?.description == "EMAIL_SMTP_URL is not set; refusing to start in production with the smtp mail transport")
    }

    @Test("production with an http EMAIL_PUBLIC_URL starts, with a warning")
    func productionWarnsAboutPlainLinks() throws {
        let logs = RecordedLogs()
        let settings = Self.settings {
            $0.environment = .production
            $0.emailTransport = "file"
            $0.emailPublicUrl = "http://app.example.com"
        }
        _ = try MailSetup(settings: settings, logger: logs.logger)
        #expect(logs.entries.contains { $0.level == .warning && $0.message.hasPrefix("EMAIL_PUBLIC_URL is not an https URL") })
    }

    @Test("elsewhere, smtp without EMAIL_SMTP_URL writes files instead, with a warning")
    func developmentFallsBackToFiles() throws {
        let logs = RecordedLogs()
        let settings = Self.settings {
            $0.environment = .development
            $0.emailTransport = "smtp"
            $0.emailSmtpUrl = ""
        }
        let setup = try MailSetup(settings: settings, logger: logs.logger)
        #expect(setup.kind == .file)
        #expect(setup.transport is FileTransport)
        #expect(logs.entries.contains { $0.level == .warning && $0.message.hasPrefix("EMAIL_SMTP_URL is not set") })
    }

    @Test("the smtp transport reads EMAIL_SMTP_URL; the sender is the spec's email.from")
    func smtp() throws {
        let settings = Self.settings {
            $0.emailTransport = "SMTP"
            $0.emailSmtpUrl = "smtps://user:pass@smtp.example.com"
        }
        let setup = try MailSetup(settings: settings, logger: RecordedLogs().logger)
        let transport = try #require(setup.transport as? SMTPTransport)
        #expect(transport.configuration.host == "smtp.example.com")
        #expect(transport.configuration.security == .implicitTLS)
        #expect(setup.sender.address == MailDefaults.fromAddress)
        #expect(setup.retry.attempts == settings.emailDeliveryAttempts)
    }

    @Test(
        "wrong mail settings stop the start-up with the setting's name, never the password",
        arguments: [
            ("pigeon", "smtp://u:hunter2@smtp.example.com", "http://localhost:3000", "EMAIL_TRANSPORT"),
            ("smtp", "smtp://u:hunter2@smtp.example.com?tls=off", "http://localhost:3000", "EMAIL_SMTP_URL"),
            ("smtp", "smtp://u:hunter2@smtp.example.com", "localhost:3000", "EMAIL_PUBLIC_URL"),
        ]
    )
    func refused(transport: String, url: String, publicURL: String, setting: String) {
        let settings = Self.settings {
            $0.emailTransport = transport
            $0.emailSmtpUrl = url
            $0.emailPublicUrl = publicURL
        }
        let error = #expect(throws: MailSetupError.self) { try MailSetup(settings: settings, logger: RecordedLogs().logger) }
        #expect(error?.description.hasPrefix(setting) == true)
        #expect(error?.description.contains("hunter2") == false)
    }
}
