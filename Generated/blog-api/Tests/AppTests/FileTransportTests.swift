import Foundation
import Testing

@testable import App

/// The file transport: one whole `.eml` file per mail, readable by its owner only.
@Suite("File transport")
struct FileTransportTests {
    static let sender = try! MailAddress(mailbox: "Blog API <no-reply@example.com>")

    @Test("each mail is one .eml file holding the message, in the order sent, private to the server's user")
    func writesOneFilePerMail() async throws {
        let folder = MailFolder.temporary()
        defer { folder.remove() }
        let transport = FileTransport(directory: folder.path)
        let messages = try (1...3).map { index in
            try MailMessage(OutgoingMail(to: "user\(index)@example.org", subject: "Mail \(index)", text: "Body \(index)"), from: Self.sender)
        }
        for message in messages { try await transport.deliver(message) }

        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == 3)
        #expect(names.allSatisfy { $0.hasSuffix(".eml") && !$0.hasPrefix(".") })
        for (name, message) in zip(names, messages) {
            #expect(try String(contentsOfFile: "\(folder.path)/\(name)", encoding: .utf8) == message.data)
            let mode = try FileManager.default.attributesOfItem(atPath: "\(folder.path)/\(name)")[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(try folder.mails().map(\.subject) == ["Mail 1", "Mail 2", "Mail 3"])
        #expect(try folder.mails(to: "user2@example.org").map(\.text) == ["Body 2"])
    }

    @Test("a folder that cannot be written is a temporary failure and leaves no partial file")
    func unwritableFolder() async throws {
        let folder = MailFolder.temporary()
        defer { folder.remove() }
        // A file where the folder should be.
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let blocked = "\(folder.path)/blocked"
        #expect(FileManager.default.createFile(atPath: blocked, contents: Data("x".utf8)))
        let message = try MailMessage(OutgoingMail(to: "ada@example.org", subject: "Hi", text: "x"), from: Self.sender)
        let error = await #expect(throws: MailDeliveryError.self) { try await FileTransport(directory: blocked).deliver(message) }
        #expect(error?.isTemporary == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["blocked"])
    }
}
