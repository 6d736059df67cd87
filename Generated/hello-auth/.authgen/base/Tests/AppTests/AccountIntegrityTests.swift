import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import PostgresNIO
import Testing

@testable import App

/// Passwords that bcrypt could cut short, usernames that differ only in case, lengths counted in grapheme
/// clusters, deactivated users whose sessions live on, and the last superuser demoted: each tried from the outside.
@Suite("Account integrity")
struct AccountIntegrityTests {
    static let controlCharacterRule = "Password must not contain control characters"

    // MARK: Passwords bcrypt would cut short

    @Test(arguments: TestDatabase.available)
    func aNewPasswordWithANulOrAControlCharacterIsRefused(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            // bcrypt reads a C string: this would store the hash of the empty password.
            let attack = try await client.register("nul_user", password: "\u{0}Aa1!aaaaXyz")
            #expect(attack.status == .unprocessableContent)
            #expect(attack.detail == Self.controlCharacterRule)
            #expect(try await client.login("nul_user", password: "").status == .unauthorized)
            #expect(try await client.login("nul_user", password: "\u{0}anything").status == .unauthorized)
            for control in ["\u{0}", "\u{1}", "\t", "\n", "\r", "\u{1B}", "\u{1F}"] {
                let refused = try await client.register("ctl_user", password: "Aa1!aa\(control)aaXyz")
                #expect(refused.status == .unprocessableContent, "U+\(String(control.unicodeScalars.first!.value, radix: 16))")
                #expect(refused.detail == Self.controlCharacterRule)
            }

            let tokens = try await client.signUp("nul_changer")
            let change = try await PasswordChangeTests.change(
                client,
                token: tokens.accessToken,
                current: TestValues.password,
                new: "Rainy#\u{0}Meadow77"
            )
            #expect(change.status == .unprocessableContent)
            #expect(change.detail == Self.controlCharacterRule)
            #expect(try await client.login("nul_changer", password: "Rainy#").status == .unauthorized)
            #expect(try await client.login("nul_changer").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aLoginPasswordWithANulOrTooLongFailsLikeAWrongOne(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            #expect(try await client.register("nadine").status == .created)
            let wrong = try await client.login("nadine", password: "Wrong#Garden42")
            #expect(wrong.status == .unauthorized)
            // The right password, then a NUL: a C-string comparison stops at the NUL and would accept it.
            for password in [TestValues.password + "\u{0}", TestValues.password + "\u{0}anything", "\u{0}" + TestValues.password] {
                let login = try await client.login("nadine", password: password)
                #expect(login.status == wrong.status)
                #expect(login.detail == wrong.detail)
            }

            // bcrypt reads 72 bytes at most: more would still match the stored 72.
            let longest = "Aa1!" + String(repeating: "x", count: 68)
            #expect(longest.utf8.count == TestValues.strictPolicy.maxLength)
            #expect(try await client.register("leonie", password: longest).status == .created)
            let tooLong = try await client.login("leonie", password: longest + "anything")
            #expect(tooLong.status == wrong.status)
            #expect(tooLong.detail == wrong.detail)
            #expect(try await client.login("leonie", password: longest).status == .ok)
            #expect(try await client.login("nadine").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRefusedLoginPasswordCostsOneVerification(database: TestDatabase) async throws {
        let hasher = LockoutTests.CountingHasher(try await PasswordHasher(cost: 4))
        try await withCountingApp(on: database, hasher: hasher) { (client: any TestClientProtocol) async throws in
            #expect(try await client.register("olga").status == .created)
            for password in ["Wrong#Garden42", TestValues.password + "\u{0}", String(repeating: "A", count: 100)] {
                let before = await hasher.count
                #expect(try await client.login("olga", password: password).status == .unauthorized)
                #expect(await hasher.count == before + 1)
            }
        }
    }

    // MARK: Usernames that differ only in case

    @Test(arguments: TestDatabase.available)
    func usernamesAreUniqueIgnoringCaseAndKeepTheirSpelling(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let registered = try await client.register("Alice_B")
            #expect(registered.status == .created)
            for spelling in ["alice_b", "ALICE_B", "aLiCe_b"] {
                let again = try await client.register(spelling, email: "\(spelling.lowercased())2@example.com")
                #expect(again.status == .badRequest, "\(spelling)")
                #expect(again.detail == "Username already registered")
            }
            for spelling in ["Alice_B", "alice_b", "ALICE_B"] {
                let login = try await client.login(spelling)
                #expect(login.status == .ok, "\(spelling)")
                guard let tokens = try? login.decode(TokenResponse.self) else { continue }
                let me = try await client.me(tokens.accessToken)
                #expect(try me.decode(UserResponse.self).username == "Alice_B")
            }
            #expect(try await client.login("alice_b", password: "Wrong#Garden42").status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func racingRegistrationsOfOneNameInTwoCasesMakeOneAccount(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for (index, spelling) in ["bruno", "Bruno", "BRUNO", "bRUNO"].enumerated() {
                    group.addTask { try await client.register(spelling, email: "bruno\(index)@example.com") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.filter { $0.status == .created }.count == 1)
            #expect(responses.filter { $0.status == .badRequest }.count == 3)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theMigrationStopsAtUsernamesThatDifferOnlyInCase(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            #expect(try await client.register("carol").status == .created)
            // The database as it was before `normalize_usernames`, holding two spellings of one name.
            try await app.execute(
                sqlite: [
                    "DROP TRIGGER users_username_inserted",
                    "DROP TRIGGER users_username_renamed",
                    "DROP INDEX users_username_normalized_unique",
                    "ALTER TABLE users DROP COLUMN username_normalized",
                    "DELETE FROM schema_migrations WHERE name = 'normalize_usernames'",
                    "INSERT INTO users (email, username, hashed_password, created_at) VALUES ('c2@example.com', 'Carol', 'x', 0)",
                ],
                postgres: [
                    "DROP TRIGGER users_username_normalized ON users",
                    "DROP FUNCTION fill_username_normalized()",
                    "ALTER TABLE users DROP COLUMN username_normalized",
                    "DELETE FROM schema_migrations WHERE name = 'normalize_usernames'",
                    "INSERT INTO users (email, username, hashed_password, created_at) VALUES ('c2@example.com', 'Carol', 'x', now())",
                ]
            )
            do {
                try await app.repository.migrate()
                Issue.record("the migration went through with two spellings of one username")
            } catch let refused as MigrationRefused {
                #expect(refused.migration == "normalize_usernames")
                #expect(refused.rows.count == 2)
                #expect(refused.rows.contains { $0.hasSuffix("'carol'") })
                #expect(refused.rows.contains { $0.hasSuffix("'Carol'") })
                #expect(refused.description.contains("rename all but one"))
            }
            // Nothing of it was applied: once the operator renames one, it goes through.
            try await app.execute(
                sqlite: ["UPDATE users SET username = 'carol_2' WHERE username = 'Carol'"],
                postgres: ["UPDATE users SET username = 'carol_2' WHERE username = 'Carol'"]
            )
            try await app.repository.migrate()
            #expect(try await client.login("CAROL").status == .ok)
            #expect(try await client.register("Carol_2", email: "c3@example.com").status == .badRequest)

            // Rows an operator inserts or renames by hand get the normalised form too, and clash alike.
            try await app.execute(
                sqlite: ["INSERT INTO users (email, username, hashed_password, created_at) VALUES ('d@example.com', 'Dora', 'x', 0)"],
                postgres: ["INSERT INTO users (email, username, hashed_password, created_at) VALUES ('d@example.com', 'Dora', 'x', now())"]
            )
            #expect(try await app.repository.user(username: "DORA")?.username == "Dora")
            try await app.execute(
                sqlite: ["UPDATE users SET username = 'Dorothea' WHERE username = 'Dora'"],
                postgres: ["UPDATE users SET username = 'Dorothea' WHERE username = 'Dora'"]
            )
            #expect(try await app.repository.user(username: "dorothea")?.username == "Dorothea")
            #expect(try await app.repository.user(username: "dora") == nil)
            await #expect(throws: (any Error).self) {
                try await app.execute(
                    sqlite: ["INSERT INTO users (email, username, hashed_password, created_at) VALUES ('e@example.com', 'DOROTHEA', 'x', 0)"],
                    postgres: ["INSERT INTO users (email, username, hashed_password, created_at) VALUES ('e@example.com', 'DOROTHEA', 'x', now())"]
                )
            }
        }
    }

    // MARK: Lengths in Unicode scalars

    @Test(arguments: TestDatabase.available)
    func aFullNameIsCountedInScalarsNotGraphemeClusters(database: TestDatabase) async throws {
        try await withApp(on: database) { client, _ in
            // One grapheme cluster, 301 scalars, 601 bytes.
            let stacked = "a" + String(repeating: "\u{301}", count: 300)
            #expect(stacked.count == 1)
            let refused = try await client.send(
                .post,
                "\(TestValues.authPrefix)/register",
                json: ["username": "zalgo", "email": "zalgo@example.com", "password": .string(TestValues.password), "full_name": .string(stacked)]
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.detail == "Full name must be at most 100 characters")

            let hundred = String(repeating: "é", count: 100)
            let accepted = try await client.send(
                .post,
                "\(TestValues.authPrefix)/register",
                json: ["username": "accent", "email": "accent@example.com", "password": .string(TestValues.password), "full_name": .string(hundred)]
            )
            #expect(accepted.status == .created)
            #expect(try accepted.decode(UserResponse.self).fullName == hundred)
        }
    }

    // MARK: Deactivation and deletion end every session

    @Test(arguments: TestDatabase.available)
    func deactivationRevokesEverySessionForGood(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let admin = actors.token(.superuser)
            let target = actors.id(.user)
            let first = try await client.signIn("actor_user")
            let second = try await client.signIn("actor_user")

            let off = try await client.send(.patch, "\(UserAdminTests.path)/\(target)", token: admin, json: ["is_active": false])
            #expect(off.status == .ok)
            for tokens in [first, second] {
                #expect(try await client.me(tokens.accessToken).status != .ok)
                #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            }

            let on = try await client.send(.patch, "\(UserAdminTests.path)/\(target)", token: admin, json: ["is_active": true])
            #expect(on.status == .ok)
            // Reactivation brings no old login back: the user logs in again.
            for tokens in [first, second] {
                TokenTests.expectInvalid(try await client.me(tokens.accessToken))
                #expect(try await client.refresh(tokens.refreshToken).status == .unauthorized)
            }
            let fresh = try await client.signIn("actor_user")
            #expect(try await client.me(fresh.accessToken).status == .ok)
            #expect(try await client.refresh(fresh.refreshToken).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available.filter(\.isPostgres))
    func deactivationAndDeletionReachEveryProcess(database: TestDatabase) async throws {
        try await withReplicas(on: database, with: .set(\.sessionCacheSeconds, 60)) { first, second in
            let actors = try await Actors.make(client: first.client, app: first.context)
            let admin = actors.token(.superuser)
            let tokens = try await first.client.signIn("actor_user")
            let claims = try TokenTests.claims(of: tokens.accessToken)
            try await second.untilListening()
            #expect(try await second.client.me(tokens.accessToken).status == .ok)

            let path = "\(UserAdminTests.path)/\(actors.id(.user))"
            #expect(try await first.client.send(.patch, path, token: admin, json: ["is_active": false]).status == .ok)
            #expect(try await first.client.send(.patch, path, token: admin, json: ["is_active": true]).status == .ok)
            try await second.untilDropped(userID: claims.userID, session: claims.sid)
            TokenTests.expectInvalid(try await second.client.me(tokens.accessToken))
            #expect(try await second.client.refresh(tokens.refreshToken).status == .unauthorized)

            let again = try await second.client.signIn("actor_user")
            let againClaims = try TokenTests.claims(of: again.accessToken)
            #expect(try await first.client.me(again.accessToken).status == .ok)
            #expect(try await second.client.me(again.accessToken).status == .ok)
            try await first.context.repository.deleteUser(id: actors.id(.user))
            try await second.untilDropped(userID: againClaims.userID, session: againClaims.sid)
            for replica in [first, second] {
                TokenTests.expectInvalid(try await replica.client.me(again.accessToken))
                #expect(try await replica.client.refresh(again.refreshToken).status == .unauthorized)
            }
        }
    }

    // MARK: The last active superuser

    @Test(arguments: TestDatabase.available)
    func twoAdministratorsDemotingEachOtherLeaveOneSuperuser(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let secondID = try await client.register("second_admin").decode(UserResponse.self).id
            let firstID = actors.id(.superuser)
            for change in [["is_superuser": false], ["is_active": false]] as [JSONValue] {
                for _ in 0..<3 {
                    for id in [firstID, secondID] {
                        _ = try await app.repository.updateUser(id: id, isActive: true, isSuperuser: true)
                    }
                    let firstToken = try await client.signIn("actor_superuser").accessToken
                    let secondToken = try await client.signIn("second_admin").accessToken
                    async let one = client.send(.patch, "\(UserAdminTests.path)/\(secondID)", token: firstToken, json: change)
                    async let other = client.send(.patch, "\(UserAdminTests.path)/\(firstID)", token: secondToken, json: change)
                    let answers = try await [one, other]
                    #expect(answers.filter { $0.status == .ok }.count == 1, "\(answers.map(\.status))")
                    for refused in answers where refused.status != .ok {
                        // Refused by the statement (409), or already by the check of the caller's own rights.
                        #expect([.conflict, .forbidden, .unauthorized].contains(refused.status))
                        if refused.status == .conflict {
                            #expect(refused.detail == "The last active superuser cannot be demoted or deactivated")
                        }
                    }
                    let users = try await app.repository.users(limit: 100, offset: 0)
                    #expect(users.filter { $0.isActive && $0.isSuperuser }.count == 1)
                }
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func theLastActiveSuperuserIsNeverChanged(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let actors = try await Actors.make(client: client, app: app)
            let id = actors.id(.superuser)
            for (isActive, isSuperuser) in [(Bool?.none, Bool?.some(false)), (.some(false), .none), (.some(false), .some(false))] {
                await #expect(throws: RepositoryError.lastActiveSuperuser) {
                    try await app.repository.updateUser(id: id, isActive: isActive, isSuperuser: isSuperuser)
                }
            }
            let unchanged = try #require(try await app.repository.user(id: id))
            #expect(unchanged.isActive && unchanged.isSuperuser)
            #expect(try await client.me(actors.token(.superuser) ?? "").status == .ok)
            // Another user's changes are not held back.
            let other = try await app.repository.updateUser(id: actors.id(.user), isActive: false, isSuperuser: false)
            #expect(other?.isActive == false)
        }
    }
}

extension TestContext {
    /// Runs statements as an operator's shell would, on whichever database the test uses.
    func execute(sqlite: [String], postgres: [String]) async throws {
        if let repository = self.repository as? PostgresRepository {
            for statement in postgres {
                try await repository.database.query(PostgresQuery(unsafeSQL: statement))
            }
        } else {
            let repository = try #require(self.repository as? SQLiteRepository)
            for statement in sqlite {
                _ = try await repository.rows(statement)
            }
        }
    }
}

/// Runs `test` against an application whose logins verify passwords through `hasher`.
private func withCountingApp(
    on database: TestDatabase,
    hasher: LockoutTests.CountingHasher,
    test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let location = try database.makeFreshLocation()
    let settings = Settings.forTesting(database: location)
    let logger = Logger(label: "tests")
    let repository = try await RepositoryFactory.make(for: location, logger: logger)
    let router = buildRouter(
        settings: settings,
        repository: repository,
        tokens: TokenService(keys: try await SigningKeys.make(for: settings.jwt, logger: logger), settings: settings.jwt),
        hasher: hasher
    )
    var app = Application(router: router, services: [repository], logger: logger)
    app.beforeServerStarts { try await repository.migrate() }
    do {
        try await app.test(.router, test)
    } catch {
        try await TestDatabase.remove(location)
        throw error
    }
    try await TestDatabase.remove(location)
}
