extension Migration {
    /// `email_verified` of the email-verification plugin: users present when it is added get its `existing` value, new users its `default`.
    static let emailVerificationAddEmailVerifiedToUsers = Migration(
        name: "email_verification_add_email_verified_to_users",
        sqlite: ["ALTER TABLE users ADD COLUMN \"email_verified\" INTEGER NOT NULL DEFAULT 1"],
        postgres: [
            "ALTER TABLE users ADD COLUMN \"email_verified\" BOOLEAN NOT NULL DEFAULT TRUE",
            "ALTER TABLE users ALTER COLUMN \"email_verified\" SET DEFAULT FALSE",
        ]
    )

    /// `mfa_enabled` of the mfa plugin: users present when it is added get its `existing` value, new users its `default`.
    static let mfaAddMfaEnabledToUsers = Migration(
        name: "mfa_add_mfa_enabled_to_users",
        sqlite: ["ALTER TABLE users ADD COLUMN \"mfa_enabled\" INTEGER NOT NULL DEFAULT 0"],
        postgres: [
            "ALTER TABLE users ADD COLUMN \"mfa_enabled\" BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE users ALTER COLUMN \"mfa_enabled\" SET DEFAULT FALSE",
        ]
    )
}
