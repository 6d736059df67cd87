import Foundation
import Logging
import NIOConcurrencyHelpers

@testable import App

/// A mail as a test reads it back from an `.eml` file or an SMTP server's DATA: its headers (encoded words
/// decoded) and its text and HTML parts (transfer encoding undone).
struct ReceivedMail: Sendable {
    let headers: [String: String]
    let text: String?
    let html: String?
    let raw: String

    init(parsing raw: String) {
        self.raw = raw
        let (headers, body) = Self.split(raw)
        self.headers = headers
        var text: String?
        var html: String?
        let contentType = headers["Content-Type"] ?? "text/plain"
        if contentType.hasPrefix("multipart/"), let boundary = Self.parameter("boundary", of: contentType) {
            let parts = body.components(separatedBy: "--\(boundary)").dropFirst().filter { !$0.hasPrefix("--") }
            for part in parts {
                let (partHeaders, partBody) = Self.split(String(part.drop { $0 == "\r\n" || $0 == "\n" }))
                let decoded = Self.decode(partBody, encoding: partHeaders["Content-Transfer-Encoding"])
                if partHeaders["Content-Type"]?.hasPrefix("text/html") == true { html = decoded } else { text = decoded }
            }
        } else {
            text = Self.decode(body, encoding: headers["Content-Transfer-Encoding"])
        }
        self.text = text
        self.html = html
    }

    var subject: String? { self.headers["Subject"] }
    var to: String? { self.headers["To"] }

    /// The first `http(s)://…` link of the text part.
    var link: String? {
        guard let text, let start = text.range(of: "http") else { return nil }
        return String(text[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// The value of `token=` in the link.
    var token: String? {
        guard let link, let range = link.range(of: "token=") else { return nil }
        return String(link[range.upperBound...].prefix { $0 != "&" && $0 != "#" }).removingPercentEncoding
    }

    private static func split(_ text: String) -> ([String: String], String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let head: Substring
        let body: Substring
        if let blank = normalized.range(of: "\n\n") {
            head = normalized[..<blank.lowerBound]
            body = normalized[blank.upperBound...]
        } else {
            head = normalized[...]
            body = ""
        }
        var headers: [String: String] = [:]
        var last: String?
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", let name = last {
                headers[name, default: ""] += String(line)
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                headers[name] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                last = name
            }
        }
        return (headers.mapValues(Self.decodeWords), String(body))
    }

    private static func parameter(_ name: String, of value: String) -> String? {
        guard let range = value.range(of: "\(name)=") else { return nil }
        return String(value[range.upperBound...].prefix { $0 != ";" }).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }

    private static func decode(_ body: String, encoding: String?) -> String {
        // The line break before a boundary (or the end) belongs to it, not to the part.
        var body = body
        if body.hasSuffix("\n") { body.removeLast() }
        guard encoding?.lowercased() == "base64" else { return body }
        let data = Data(base64Encoded: body.replacingOccurrences(of: "\n", with: "")) ?? Data()
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// `=?UTF-8?B?…?=` words decoded; the space between two of them is not part of the text (RFC 2047).
    private static func decodeWords(_ value: String) -> String {
        guard value.contains("=?UTF-8?B?") else { return value }
        var result = ""
        var previousWasEncoded = false
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: true).enumerated() {
            let encoded = word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=")
            if index > 0, !(encoded && previousWasEncoded) { result += " " }
            if encoded {
                let payload = String(word.dropFirst(10).dropLast(2))
                result += String(decoding: Data(base64Encoded: payload) ?? Data(), as: UTF8.self)
            } else {
                result += word
            }
            previousWasEncoded = encoded
        }
        return result
    }
}

/// The `.eml` files of a `FileTransport` folder, oldest first.
struct MailFolder: Sendable {
    let path: String

    /// A new, empty folder under the temporary directory.
    static func temporary() -> MailFolder {
        MailFolder(path: FileManager.default.temporaryDirectory.appendingPathComponent("mail-tests-\(UUID().uuidString)").path)
    }

    func mails() throws -> [ReceivedMail] {
        guard FileManager.default.fileExists(atPath: self.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: self.path)
            .filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
            .sorted()
            .map { ReceivedMail(parsing: try String(contentsOfFile: "\(self.path)/\($0)", encoding: .utf8)) }
    }

    func mails(to address: String) throws -> [ReceivedMail] {
        try self.mails().filter { $0.to == address }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}

/// Log lines a test reads: `logger` records every message with its metadata; `next(where:)` waits for one.
final class RecordedLogs: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]

        /// The line as a log handler would print it, to look for what must never be logged.
        var line: String { "\(self.message) \(self.metadata.sorted { $0.key < $1.key })" }
    }

    private struct State {
        var entries: [Entry] = []
        var waiters: [(predicate: @Sendable (Entry) -> Bool, continuation: CheckedContinuation<Entry, Never>)] = []
    }

    private let state = NIOLockedValueBox(State())

    var entries: [Entry] { self.state.withLockedValue { $0.entries } }

    var logger: Logger {
        var logger = Logger(label: "tests.mail") { _ in RecordingHandler(logs: self) }
        logger.logLevel = .debug
        return logger
    }

    /// The first entry, past or future, that matches.
    func first(where predicate: @escaping @Sendable (Entry) -> Bool) async -> Entry {
        await withCheckedContinuation { continuation in
            let found: Entry? = self.state.withLockedValue { state in
                if let entry = state.entries.first(where: predicate) { return entry }
                state.waiters.append((predicate, continuation))
                return nil
            }
            if let found { continuation.resume(returning: found) }
        }
    }

    fileprivate func record(_ entry: Entry) {
        let ready = self.state.withLockedValue { state -> [CheckedContinuation<Entry, Never>] in
            state.entries.append(entry)
            let matching = state.waiters.filter { $0.predicate(entry) }
            state.waiters.removeAll { $0.predicate(entry) }
            return matching.map(\.continuation)
        }
        for continuation in ready { continuation.resume(returning: entry) }
    }

    private struct RecordingHandler: LogHandler {
        let logs: RecordedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
            self.logs.record(Entry(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
        }
    }
}
