import Foundation

/// The application's database as server extensions use it: the repository runs their statements on its own
/// connection (SQLite) or pool (PostgreSQL).
protocol ExtensionDatabase: Sendable {
    /// Runs one statement with `values` bound to its parameters, in order, and returns its rows.
    func execute(_ statement: ExtensionStatement, _ values: [ExtensionValue]) async throws -> [ExtensionRow]

    /// The same, one at a time with every other statement run so for the same user, on every server process: a
    /// statement that counts a user's rows before it inserts one (a limit per user) sees the rows the others
    /// inserted. SQLite runs every statement one at a time already; PostgreSQL locks the user's row first, in one
    /// transaction with the statement. Answers no rows, without running the statement, when the user is gone.
    func execute(_ statement: ExtensionStatement, _ values: [ExtensionValue], oneAtATimeForUser userID: Int64) async throws -> [ExtensionRow]
}

/// One SQL statement in each driver's dialect: `?` parameters for SQLite, `$1`, `$2`, … for PostgreSQL.
struct ExtensionStatement: Sendable {
    let sqlite: String
    let postgres: String
    /// Whether the statement may write `users` or `sessions`: then the server drops the session checks it cached.
    /// Say `false` for a read, or a write to the plugin's own tables only, so that it keeps them.
    var writesUsersOrSessions = true
}

/// A value bound to a parameter or read from a column.
enum ExtensionValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case double(Double)
    /// Stored like the server's own times: seconds since 1970 in a REAL column on SQLite (read back as `.double`),
    /// TIMESTAMPTZ on PostgreSQL.
    case date(Date)
    case null

    var text: String? {
        if case .text(let text) = self { text } else { nil }
    }

    var integer: Int64? {
        if case .integer(let integer) = self { integer } else { nil }
    }

    /// A `.date`, or seconds since 1970 as SQLite returns them.
    var date: Date? {
        switch self {
        case .date(let date): date
        case .double(let seconds): Date(timeIntervalSince1970: seconds)
        default: nil
        }
    }
}

/// One row: column name → value.
typealias ExtensionRow = [String: ExtensionValue]
