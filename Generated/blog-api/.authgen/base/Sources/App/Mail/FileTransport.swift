import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes each message as one `.eml` file in a folder (`EMAIL_DIR`), for development and tests: open it in a mail
/// client, or read the link out of it. A file appears whole or not at all: it is written under a hidden name and
/// renamed. Files and folder are readable by their owner only, since mails carry reset and verification links.
struct FileTransport: MailTransport {
    let directory: URL

    init(directory: String) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
    }

    func deliver(_ message: MailMessage) async throws(MailDeliveryError) {
        // Sortable by the time it was written, and unique.
        let name = "\(Self.nanosecondsSince1970())-\(UUID().uuidString.lowercased()).eml"
        let target = self.directory.appendingPathComponent(name)
        let temporary = self.directory.appendingPathComponent(".\(name).partial")
        do {
            try FileManager.default.createDirectory(
                at: self.directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            guard FileManager.default.createFile(
                atPath: temporary.path,
                contents: Data(message.data.utf8),
                attributes: [.posixPermissions: 0o600]
            ) else {
                throw CocoaError(.fileWriteUnknown)
            }
            guard rename(temporary.path, target.path) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .temporary("cannot write to the mail folder: \(error.localizedDescription)")
        }
    }

    private static func nanosecondsSince1970() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let value = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        return String(repeating: "0", count: max(0, 20 - String(value).count)) + String(value)
    }
}
