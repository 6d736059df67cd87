import Crypto
import Foundation

/// The plugin's tables: each user's TOTP secret (sealed) and the last step a code was used at, the digests of the
/// recovery codes, and the pending second steps of logins (`mfa_token`s, as digests).
struct MFAStore: Sendable {
    /// A user's enrolment.
    struct Enrolment: Sendable {
        let sealedSecret: String
        let confirmed: Bool
    }

    /// Tries a login's `mfa_token` allows.
    static let triesPerLogin = 5

    let database: any ExtensionDatabase

    func enrolment(userID: Int64) async throws -> Enrolment? {
        let rows = try await self.database.execute(.mfaSelectEnrolment, [.integer(userID)])
        guard let row = rows.first, let sealed = row["secret"]?.text else { return nil }
        return Enrolment(sealedSecret: sealed, confirmed: row["confirmed_at"]?.date != nil)
    }

    /// A new unconfirmed secret, replacing an unconfirmed one (a confirmed enrolment is only replaced by turning it off).
    func begin(userID: Int64, sealedSecret: String, now: Date) async throws {
        _ = try await self.database.execute(.mfaUpsertPendingSecret, [.integer(userID), .text(sealedSecret), .date(now)])
    }

    func confirm(userID: Int64, step: Int64, now: Date) async throws {
        _ = try await self.database.execute(.mfaConfirmSecret, [.date(now), .integer(step), .integer(userID)])
    }

    /// Records `step` as used; false when a code of that step or a later one was already used (a replay).
    func useStep(_ step: Int64, userID: Int64) async throws -> Bool {
        try await !self.database.execute(.mfaUseStep, [.integer(step), .integer(userID)]).isEmpty
    }

    func remove(userID: Int64) async throws {
        _ = try await self.database.execute(.mfaDeleteSecret, [.integer(userID)])
        _ = try await self.database.execute(.mfaDeleteRecoveryCodes, [.integer(userID)])
    }

    /// Replaces the user's recovery codes with `codes` (kept as digests).
    func replaceRecoveryCodes(_ codes: [String], userID: Int64) async throws {
        _ = try await self.database.execute(.mfaDeleteRecoveryCodes, [.integer(userID)])
        for code in codes {
            _ = try await self.database.execute(.mfaInsertRecoveryCode, [.integer(userID), .text(Self.digest(of: Self.normalized(code)))])
        }
    }

    /// Spends a recovery code (deleted in the same statement: one use); false when it is not one of the user's.
    func spendRecoveryCode(_ code: String, userID: Int64) async throws -> Bool {
        try await !self.database.execute(.mfaDeleteRecoveryCode, [.integer(userID), .text(Self.digest(of: Self.normalized(code)))]).isEmpty
    }

    /// Records a login's second step; the token goes to the client, its digest stays here.
    func startLogin(userID: Int64, token: String, now: Date, ttlSeconds: Int) async throws {
        _ = try await self.deleteExpiredLogins(now: now)
        _ = try await self.database.execute(
            .mfaInsertLogin,
            [.text(Self.digest(of: token)), .integer(userID), .date(now.addingTimeInterval(TimeInterval(ttlSeconds)))]
        )
    }

    /// Counts one try of the token and names its user; nil when the token is unknown, expired or out of tries.
    func tryLogin(token: String, now: Date) async throws -> Int64? {
        let rows = try await self.database.execute(
            .mfaTryLogin, [.text(Self.digest(of: token)), .date(now), .integer(Int64(Self.triesPerLogin))]
        )
        return rows.first?["user_id"]?.integer
    }

    /// Deletes the second steps of logins that have expired; answers how many.
    func deleteExpiredLogins(now: Date) async throws -> Int {
        try await self.database.execute(.mfaDeleteExpiredLogins, [.date(now)]).count
    }

    /// The login is done: its token is spent.
    func finishLogin(token: String) async throws {
        _ = try await self.database.execute(.mfaDeleteLogin, [.text(Self.digest(of: token))])
    }

    static func digest(of value: String) -> String {
        SHA256.hash(data: Array(value.utf8)).hexEncoded
    }

    /// Recovery codes are read back by people: case and dashes do not matter.
    static func normalized(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    /// A random token of 32 bytes, base64url.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// A recovery code: 10 characters of an alphabet without look-alikes (about 50 bits), as `xxxxx-xxxxx`.
    static func newRecoveryCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return String(characters[0..<5]) + "-" + String(characters[5...])
    }
}

extension ExtensionStatement {
    static let mfaSelectEnrolment = ExtensionStatement(
        sqlite: "SELECT secret, confirmed_at FROM mfa_totp WHERE user_id = ?",
        postgres: "SELECT secret, confirmed_at FROM mfa_totp WHERE user_id = $1"
    )
    static let mfaUpsertPendingSecret = ExtensionStatement(
        sqlite: """
            INSERT INTO mfa_totp (user_id, secret, created_at) VALUES (?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL
            WHERE mfa_totp.confirmed_at IS NULL
            """,
        postgres: """
            INSERT INTO mfa_totp (user_id, secret, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = NULL
            WHERE mfa_totp.confirmed_at IS NULL
            """
    )
    static let mfaConfirmSecret = ExtensionStatement(
        sqlite: "UPDATE mfa_totp SET confirmed_at = ?, last_step = ? WHERE user_id = ?",
        postgres: "UPDATE mfa_totp SET confirmed_at = $1, last_step = $2 WHERE user_id = $3"
    )
    static let mfaUseStep = ExtensionStatement(
        sqlite: "UPDATE mfa_totp SET last_step = ?1 WHERE user_id = ?2 AND (last_step IS NULL OR last_step < ?1) RETURNING user_id",
        postgres: "UPDATE mfa_totp SET last_step = $1 WHERE user_id = $2 AND (last_step IS NULL OR last_step < $1) RETURNING user_id"
    )
    static let mfaDeleteSecret = ExtensionStatement(
        sqlite: "DELETE FROM mfa_totp WHERE user_id = ?",
        postgres: "DELETE FROM mfa_totp WHERE user_id = $1"
    )
    static let mfaDeleteRecoveryCodes = ExtensionStatement(
        sqlite: "DELETE FROM mfa_recovery_codes WHERE user_id = ?",
        postgres: "DELETE FROM mfa_recovery_codes WHERE user_id = $1"
    )
    static let mfaInsertRecoveryCode = ExtensionStatement(
        sqlite: "INSERT INTO mfa_recovery_codes (user_id, digest) VALUES (?, ?)",
        postgres: "INSERT INTO mfa_recovery_codes (user_id, digest) VALUES ($1, $2)"
    )
    static let mfaDeleteRecoveryCode = ExtensionStatement(
        sqlite: "DELETE FROM mfa_recovery_codes WHERE user_id = ? AND digest = ? RETURNING user_id",
        postgres: "DELETE FROM mfa_recovery_codes WHERE user_id = $1 AND digest = $2 RETURNING user_id"
    )
    static let mfaDeleteExpiredLogins = ExtensionStatement(
        sqlite: "DELETE FROM mfa_logins WHERE expires_at <= ? RETURNING user_id",
        postgres: "DELETE FROM mfa_logins WHERE expires_at <= $1 RETURNING user_id",
        writesUsersOrSessions: false
    )
    static let mfaInsertLogin = ExtensionStatement(
        sqlite: "INSERT INTO mfa_logins (digest, user_id, expires_at, tries) VALUES (?, ?, ?, 0)",
        postgres: "INSERT INTO mfa_logins (digest, user_id, expires_at, tries) VALUES ($1, $2, $3, 0)"
    )
    static let mfaTryLogin = ExtensionStatement(
        sqlite: "UPDATE mfa_logins SET tries = tries + 1 WHERE digest = ?1 AND expires_at > ?2 AND tries < ?3 RETURNING user_id",
        postgres: "UPDATE mfa_logins SET tries = tries + 1 WHERE digest = $1 AND expires_at > $2 AND tries < $3 RETURNING user_id"
    )
    static let mfaDeleteLogin = ExtensionStatement(
        sqlite: "DELETE FROM mfa_logins WHERE digest = ?",
        postgres: "DELETE FROM mfa_logins WHERE digest = $1"
    )
}

extension Migration {
    static let mfaCreateTables = Migration(
        name: "mfa_create_tables",
        sqlite: [
            """
            CREATE TABLE mfa_totp (
                user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                secret TEXT NOT NULL,
                created_at REAL NOT NULL,
                confirmed_at REAL,
                last_step INTEGER
            )
            """,
            """
            CREATE TABLE mfa_recovery_codes (
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                digest TEXT NOT NULL,
                PRIMARY KEY (user_id, digest)
            )
            """,
            """
            CREATE TABLE mfa_logins (
                digest TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                expires_at REAL NOT NULL,
                tries INTEGER NOT NULL
            )
            """,
        ],
        postgres: [
            """
            CREATE TABLE mfa_totp (
                user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                secret TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                confirmed_at TIMESTAMPTZ,
                last_step BIGINT
            )
            """,
            """
            CREATE TABLE mfa_recovery_codes (
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                digest TEXT NOT NULL,
                PRIMARY KEY (user_id, digest)
            )
            """,
            """
            CREATE TABLE mfa_logins (
                digest TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                expires_at TIMESTAMPTZ NOT NULL,
                tries INTEGER NOT NULL
            )
            """,
        ]
    )
}
