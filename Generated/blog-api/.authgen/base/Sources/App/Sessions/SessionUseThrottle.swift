import Foundation

/// Remembers when this process last wrote each session's last use, so that a session in constant use costs one
/// write a minute, not one per request.
final class SessionUseThrottle: SharedExtensionValue, @unchecked Sendable {
    /// The least time between two writes of one session's last use.
    static let interval: TimeInterval = 60

    // Guards `written` and `prunedAt`.
    private let lock = NSLock()
    private var written: [String: Date] = [:]
    private var prunedAt = Date.distantPast

    init(services: ExtensionServices) {}

    init() {}

    /// Whether a use of the session at `now` is to be written; when it is, it counts as written.
    func shouldRecord(session sessionID: String, at now: Date) -> Bool {
        self.lock.withLock {
            if let last = self.written[sessionID], now.timeIntervalSince(last) < Self.interval {
                return false
            }
            // Once an interval, forget the sessions that would be written anyway: the table stays as small as the
            // number of sessions used in the last minute.
            if now.timeIntervalSince(self.prunedAt) >= Self.interval {
                self.written = self.written.filter { now.timeIntervalSince($0.value) < Self.interval }
                self.prunedAt = now
            }
            self.written[sessionID] = now
            return true
        }
    }

    /// The number of sessions remembered.
    var count: Int {
        self.lock.withLock { self.written.count }
    }
}
