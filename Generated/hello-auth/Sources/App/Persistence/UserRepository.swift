/// Users: accounts, their flags and their passwords.
protocol UserRepository: Sendable {
    /// Throws `RepositoryError.duplicateUsername` or `.duplicateEmail`, also when two inserts race.
    func createUser(_ user: NewUser) async throws -> User
    func user(id: Int64) async throws -> User?
    /// The user, in one query, when `sessionID` is one of its sessions and not revoked; nil otherwise.
    func user(id: Int64, activeSession sessionID: String) async throws -> User?
    /// Any spelling of the username that normalises alike (`Username.normalized`) finds the user.
    func user(username: String) async throws -> User?
    /// Users by id, for the superuser listing.
    func users(limit: Int, offset: Int) async throws -> [User]
    /// Changes the flags given (nil leaves one as it is); nil when there is no such user. Throws
    /// `RepositoryError.lastActiveSuperuser`, and changes nothing, when no other active superuser would remain (decided
    /// in one statement, so two administrators demoting each other at once cannot both succeed). Deactivating a user
    /// revokes all of its sessions and refresh tokens (a trigger in the database).
    func updateUser(id: Int64, isActive: Bool?, isSuperuser: Bool?) async throws -> User?
    func setActive(_ isActive: Bool, userID: Int64) async throws
    func deleteUser(id: Int64) async throws
    /// Deletes the user unless it is the last active superuser (decided in one statement, under the lock of
    /// `updateUser` on PostgreSQL, so two administrators deleting each other at once cannot both succeed): its
    /// sessions and refresh tokens go with it (`ON DELETE CASCADE`), as do the resources it owns. false when there is
    /// no such user; throws `RepositoryError.lastActiveSuperuser`, and deletes nothing, when no other active
    /// superuser would remain.
    func deleteUserKeepingASuperuser(id: Int64) async throws -> Bool
    func updatePassword(userID: Int64, passwordHash: String) async throws
    /// Grants `role` to the user (nothing changes when it has it); nil when there is no such user. One statement, so
    /// grants and revocations at once never undo each other.
    func grantRole(_ role: Role, userID: Int64) async throws -> User?
    /// Revokes `role` (nothing changes when the user lacks it); nil when there is no such user.
    func revokeRole(_ role: Role, userID: Int64) async throws -> User?
}
