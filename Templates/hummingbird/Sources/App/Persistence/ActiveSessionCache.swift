import Foundation
import NIOConcurrencyHelpers

/// Recent answers of the repository's `user(id:activeSession:)`, so that a client's requests do not each read the
/// database (`SESSION_CACHE_SECONDS`; 0 turns it off). Each of this process's writes to users or sessions
/// invalidates here, so its own revocations take effect at once. On PostgreSQL, the database also reports every
/// change to users and sessions, whoever made it (`SessionChangeListener`), and the cache keeps nothing while those
/// reports cannot arrive. An entry lives `lifetime` seconds at most, so a change that was not reported (another
/// process on the SQLite file, the sqlite3 shell) is seen within that time.
final class ActiveSessionCache: Sendable {
    private struct Key: Hashable, Sendable {
        let userID: Int64
        let sessionID: String
    }

    /// Changed by every invalidation. A read stores its answer only if no invalidation happened while it queried:
    /// otherwise a logout that ran in between could be undone by the "active" the read saw before it.
    struct Generation: Equatable, Sendable {
        fileprivate let value: UInt64
    }

    private struct State: Sendable {
        var users: ExpiringCache<Key, User>
        var generation: UInt64 = 0
        /// False while change notifications are expected but cannot arrive: then nothing is stored.
        var mayStore: Bool
    }

    private let state: NIOLockedValueBox<State>
    let lifetime: TimeInterval

    /// `waitsForChangeNotifications`: store nothing until `changeNotificationsStarted()`.
    init(capacity: Int = 10_000, lifetime: TimeInterval = 1, waitsForChangeNotifications: Bool = false) {
        self.state = NIOLockedValueBox(
            State(users: ExpiringCache(capacity: capacity), mayStore: !waitsForChangeNotifications)
        )
        self.lifetime = lifetime
    }

    var isEnabled: Bool { self.lifetime > 0 }

    /// Whether an answer read now would be kept.
    var isStoring: Bool {
        self.isEnabled && self.state.withLockedValue { $0.mayStore }
    }

    /// The cached answer for the session, or else what `read` finds, which is kept unless an invalidation ran while
    /// it read.
    func user(id: Int64, session sessionID: String, read: () async throws -> User?) async rethrows -> User? {
        guard self.isEnabled else { return try await read() }
        let now = Date()
        if let cached = self.user(id: id, session: sessionID, now: now) {
            return cached
        }
        let generation = self.generation
        let user = try await read()
        if let user {
            self.store(user, session: sessionID, generation: generation, readAt: now)
        }
        return user
    }

    /// Read it before querying, and hand it back to `store`.
    var generation: Generation {
        self.state.withLockedValue { Generation(value: $0.generation) }
    }

    func user(id: Int64, session sessionID: String, now: Date) -> User? {
        self.state.withLockedValue { $0.users.value(for: Key(userID: id, sessionID: sessionID), now: now) }
    }

    /// Keeps `user` as the answer for its session from `readAt` on, unless an invalidation came after `generation`.
    func store(_ user: User, session sessionID: String, generation: Generation, readAt: Date) {
        self.state.withLockedValue { state in
            guard state.mayStore, state.generation == generation.value else { return }
            state.users.insert(
                user,
                for: Key(userID: user.id, sessionID: sessionID),
                expiresAt: readAt.addingTimeInterval(self.lifetime),
                now: readAt
            )
        }
    }

    func invalidate(userID: Int64) {
        self.invalidate { $0.userID == userID }
    }

    func invalidate(sessionID: String) {
        self.invalidate { $0.sessionID == sessionID }
    }

    func invalidateAll() {
        self.invalidate { _ in true }
    }

    /// Every change is reported from now on. What was kept before may have missed some reports, so it goes.
    func changeNotificationsStarted() {
        self.invalidate(where: { _ in true }, mayStoreAfterwards: true)
    }

    /// Changes can no longer be reported: nothing is kept until `changeNotificationsStarted()`.
    func changeNotificationsStopped() {
        self.invalidate(where: { _ in true }, mayStoreAfterwards: false)
    }

    private func invalidate(where matches: (Key) -> Bool, mayStoreAfterwards: Bool? = nil) {
        self.state.withLockedValue { state in
            state.generation &+= 1
            state.users.removeAll(where: matches)
            if let mayStoreAfterwards {
                state.mayStore = mayStoreAfterwards
            }
        }
    }
}
