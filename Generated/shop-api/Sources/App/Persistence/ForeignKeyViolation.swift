import PostgresNIO
import SQLiteNIO

extension Error {
    /// A statement referred to a row that is gone, such as a post or a refresh token of a user deleted while the
    /// request that writes it was under way (its token was accepted a moment before the deletion).
    var isForeignKeyViolation: Bool {
        if let error = self as? PSQLError {
            return error.serverInfo?[.sqlState] == "23503"
        }
        if let error = self as? SQLiteError {
            return error.reason == .constraintForeignKeyFailed
                || (error.reason == .constraint && error.message.contains("FOREIGN KEY constraint failed"))
        }
        return false
    }
}
