enum RepositoryError: Error, Equatable {
    case duplicateUsername
    case duplicateEmail
    case noRowReturned
    /// The change would leave no active superuser.
    case lastActiveSuperuser
    case unreadableColumn(String)
}
