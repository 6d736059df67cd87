import Foundation

/// A bounded dictionary whose entries are not returned from their expiry on. Not thread-safe: its owners keep it
/// behind a lock.
struct ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let value: Value
        let expiresAt: Date
    }

    private var entries: [Key: Entry] = [:]
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "an expiring cache needs room for at least one entry")
        self.capacity = capacity
    }

    var count: Int { self.entries.count }

    /// The value stored for `key`, unless it expired at `now` (it is dropped then).
    mutating func value(for key: Key, now: Date) -> Value? {
        guard let entry = self.entries[key] else { return nil }
        guard now < entry.expiresAt else {
            self.entries[key] = nil
            return nil
        }
        return entry.value
    }

    mutating func insert(_ value: Value, for key: Key, expiresAt: Date, now: Date) {
        guard now < expiresAt else { return }
        if self.entries.count >= self.capacity, self.entries[key] == nil {
            self.makeRoom(now: now)
        }
        self.entries[key] = Entry(value: value, expiresAt: expiresAt)
    }

    mutating func removeAll(where shouldRemove: (Key) -> Bool) {
        self.entries = self.entries.filter { !shouldRemove($0.key) }
    }

    /// Drops the expired entries, then arbitrary ones down to three quarters of the capacity: a full cache is swept
    /// once per quarter of its capacity, not on every insert.
    private mutating func makeRoom(now: Date) {
        self.entries = self.entries.filter { now < $0.value.expiresAt }
        let excess = self.entries.count - self.capacity * 3 / 4
        guard excess > 0 else { return }
        for key in Array(self.entries.keys.prefix(excess)) {
            self.entries[key] = nil
        }
    }
}
