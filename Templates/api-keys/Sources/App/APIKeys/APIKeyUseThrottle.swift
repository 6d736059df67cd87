import Foundation

/// Remembers when this process last wrote each key's last use, so that a key in constant use costs one write a
/// minute, not one per request.
final class APIKeyUseThrottle: SharedExtensionValue, @unchecked Sendable {
    /// The least time between two writes of one key's last use.
    static let interval: TimeInterval = 60

    // Guards `written` and `prunedAt`.
    private let lock = NSLock()
    private var written: [Int64: Date] = [:]
    private var prunedAt = Date.distantPast

    init(services: ExtensionServices) {}

    /// Whether a use of the key at `now` is to be written; when it is, it counts as written.
    func shouldRecord(key id: Int64, at now: Date) -> Bool {
        self.lock.withLock {
            if let last = self.written[id], now.timeIntervalSince(last) < Self.interval {
                return false
            }
            // Once an interval, forget the keys that would be written anyway.
            if now.timeIntervalSince(self.prunedAt) >= Self.interval {
                self.written = self.written.filter { now.timeIntervalSince($0.value) < Self.interval }
                self.prunedAt = now
            }
            self.written[id] = now
            return true
        }
    }
}
