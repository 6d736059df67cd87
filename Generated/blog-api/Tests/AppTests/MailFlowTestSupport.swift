import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// The mails of the account flows (reset, verification, invitations) as their tests read them: from the file
/// transport's folder of one test's application, as a user's mail client would.
extension MailFolder {
    /// The mails to `address` whose link opens the front end's `page` (e.g. `MailTemplates.passwordReset.linkPath`),
    /// or every mail to it.
    func mails(to address: String, linkingTo page: String?) throws -> [ReceivedMail] {
        try self.mails(to: address).filter { mail in page.map { mail.opens($0) } ?? true }
    }

    /// Waits until `count` such mails have been delivered (the outbox delivers in the background) and returns them,
    /// oldest first; fails the test if they do not come.
    func waitFor(
        _ count: Int = 1,
        to address: String,
        linkingTo page: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [ReceivedMail] {
        for _ in 0..<2_000 {
            let mails = try self.mails(to: address, linkingTo: page)
            if mails.count >= count { return mails }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("\(count) mail(s) to \(address) never arrived", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// The token of the latest mail to `address` whose link opens `page`.
    func token(to address: String, linkingTo page: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let mails = try await self.waitFor(to: address, linkingTo: page, sourceLocation: sourceLocation)
        return try #require(mails.last?.token, sourceLocation: sourceLocation)
    }
}

extension ReceivedMail {
    /// Its link opens the front end's `page`.
    func opens(_ page: String) -> Bool {
        guard let link = self.link, let path = URLComponents(string: link)?.path else { return false }
        return path == page
    }
}

/// Runs `test` against a new application whose mails go through the file transport to a fresh folder.
func withMailApp(
    on database: TestDatabase,
    with changes: SettingsChange...,
    test: @escaping @Sendable (any TestClientProtocol, TestContext, MailFolder) async throws -> Void
) async throws {
    let mails = MailFolder.temporary()
    defer { mails.remove() }
    let all = SettingsChange { settings in
        settings.emailTransport = "file"
        settings.emailDir = mails.path
        for change in changes { change.apply(&settings) }
    }
    try await withApp(on: database, with: all) { client, context in
        try await test(client, context, mails)
    }
}

extension TestClientProtocol {
    /// POSTs `json` to `path` under the API prefix, with a bearer token when one is given.
    func post(_ path: String, json: Any, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await self.execute(
            uri: "\(SpecDefaults.apiPrefix)\(path)",
            method: .post,
            headers: headers,
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        )
    }
}
