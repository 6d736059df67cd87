import ArgumentParser
import Foundation
import Logging

/// `keys rotate`, `keys retire`, `keys list`: the key list of `JWT_PRIVATE_KEYS` (ES256 and EdDSA). They read the
/// current list from the environment (and `.env` in development) and print the new one, for the operator to put in
/// place of the old and restart every replica with; they change nothing themselves.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rotate the signing keys of JWT_PRIVATE_KEYS (ES256 and EdDSA).",
        subcommands: [Rotate.self, Retire.self, List.self]
    )

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print JWT_PRIVATE_KEYS with a new signing key first and the current keys after it."
        )

        func run() async throws {
            let settings = try await exitOnSettingsError { try await Settings.signingKeysFromProcessEnvironment() }
            let keys = try await exitOnSettingsError { try KeyRotation.rotated(settings.privateKeys, algorithm: settings.algorithm) }
            try await KeyRotation.printList(keys, settings: settings)
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print JWT_PRIVATE_KEYS without its last (oldest) key, once the tokens it signed have expired."
        )

        func run() async throws {
            let settings = try await exitOnSettingsError { try await Settings.signingKeysFromProcessEnvironment() }
            let keys = try await exitOnSettingsError { try KeyRotation.retired(settings.privateKeys) }
            try await KeyRotation.printList(keys, settings: settings)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the kid of each key of JWT_PRIVATE_KEYS, the signing key first.")

        func run() async throws {
            let settings = try await exitOnSettingsError { try await Settings.signingKeysFromProcessEnvironment() }
            for line in try await KeyRotation.describe(settings) {
                print(line)
            }
        }
    }
}

/// The key lists the `keys` commands print.
enum KeyRotation {
    /// A new key of `algorithm` first, then `keys`.
    static func rotated(_ keys: [String], algorithm: SigningAlgorithm) throws -> [String] {
        guard !algorithm.usesSharedSecret else {
            throw SettingsError(
                "\(algorithm.rawValue) signs with SECRET_KEY, which has no key list: switch JWT_ALGORITHM to ES256 or EdDSA to rotate keys"
            )
        }
        return [try PrivateKeyList.newKey(for: algorithm)] + keys
    }

    /// `keys` without the last one; the signing key is never retired.
    static func retired(_ keys: [String]) throws -> [String] {
        guard keys.count > 1 else {
            throw SettingsError("JWT_PRIVATE_KEYS holds \(keys.count) key: nothing to retire (rotate first)")
        }
        return Array(keys.dropLast())
    }

    /// One line per key: its kid, and whether it signs or only verifies.
    static func describe(_ settings: JWTSettings) async throws -> [String] {
        guard !settings.algorithm.usesSharedSecret else {
            throw SettingsError("\(settings.algorithm.rawValue) signs with SECRET_KEY, which has no key list")
        }
        guard !settings.privateKeys.isEmpty else { throw SettingsError("JWT_PRIVATE_KEYS is not set") }
        let keys = try await exitOnSettingsError { try await SigningKeys.make(for: settings, logger: Logger(label: "keys")) }
        return keys.publicKeys.enumerated().map { index, key in "\(key.kid) \(index == 0 ? "signs and verifies" : "verifies")" }
    }

    /// Prints the new `JWT_PRIVATE_KEYS` line on standard output (it holds private keys: send it nowhere else), and
    /// its kids on standard error, after checking that every key loads.
    static func printList(_ keys: [String], settings: JWTSettings) async throws {
        var changed = settings
        changed.privateKeys = keys
        let lines = try await Self.describe(changed)
        print("JWT_PRIVATE_KEYS=\(PrivateKeyList.environmentValue(keys))")
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
