import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

/// What deleting a user does to the items they own: `account.on_delete` is `anonymize`.
@Suite("Items of deleted users")
struct AccountOwnedItemsTests {
    @Test(arguments: TestDatabase.available)
    func theItemsOfADeletedUserStayWithoutAuthorAndOnlySuperusersChangeThem(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            let root = try await AccountUser.make("root", client: client, app: app, superuser: true)
            let dana = try await AccountUser.make("dana", client: client, app: app)
            let eve = try await AccountUser.make("eve", client: client, app: app)
            let items = try await OwnedItems.make(1, by: dana.id, token: dana.tokens.accessToken, client: client, app: app)
            #expect(try await client.deleteAccount(dana.tokens.accessToken).status == .noContent)

            #expect(try await items.stillStored(in: app.repository) == items)
            #expect(try await items.withAuthor(in: app.repository) == OwnedItems.none)
            // Whoever registers the name again is not their author.
            let newDana = try await AccountUser.make("dana", client: client, app: app)
            for id in items.ids["posts", default: []] {
                let read = try await client.send(.get, "/api/posts/\(id)", token: root.tokens.accessToken)
                #expect(read.status == .ok)
                #expect(read.jsonValue?["author_id"] == .null)
                let list = try await client.send(.get, "/api/posts?limit=100", token: root.tokens.accessToken)
                guard case .array(let listed)? = list.jsonValue else {
                    Issue.record("/api/posts answered \(list.status)")
                    continue
                }
                #expect(listed.first { $0["id"] == .int(id) }?["author_id"] == .null)
                let change = JSONValue.object(JSONFixture.object(#"{"title": "Changed", "content": "Changed text.", "published": false}"#))
                for user in [eve, newDana] {
                    if !PostController.access.update.admitsAnyLogin {
                        #expect(try await client.send(.patch, "/api/posts/\(id)", token: user.tokens.accessToken, json: change).status == .forbidden)
                    }
                    if !PostController.access.delete.admitsAnyLogin {
                        #expect(try await client.send(.delete, "/api/posts/\(id)", token: user.tokens.accessToken).status == .forbidden)
                    }
                }
                let patched = try await client.send(.patch, "/api/posts/\(id)", token: root.tokens.accessToken, json: change)
                #expect(patched.status == .ok)
                #expect(patched.jsonValue?["author_id"] == .null)
                #expect(try await client.send(.delete, "/api/posts/\(id)", token: root.tokens.accessToken).status == .noContent)
            }
        }
    }

    /// A database made by the server before `keep_posts_of_deleted_users` (author_id NOT NULL … ON DELETE CASCADE, with rows) is
    /// migrated in place: the rows stay, and then outlive their author.
    @Test(arguments: TestDatabase.available)
    func keepPostsOfDeletedUsersMigratesTheTableOfTheServerBefore(database: TestDatabase) async throws {
        try await withApp(on: database) { client, app in
            _ = try await AccountUser.make("root", client: client, app: app, superuser: true)
            let dana = try await AccountUser.make("dana", client: client, app: app)
            let before = Migration.keepPostsOfDeletedUsersPreviousTable
            try await app.execute(
                sqlite: ["DROP TABLE \"posts\""] + before.sqlite + ["DELETE FROM schema_migrations WHERE name = 'keep_posts_of_deleted_users'"],
                postgres: ["DROP TABLE \"posts\""] + before.postgres + ["DELETE FROM schema_migrations WHERE name = 'keep_posts_of_deleted_users'"]
            )
            let items = try await OwnedItems.make(2, by: dana.id, token: dana.tokens.accessToken, client: client, app: app)
            try await app.repository.migrate()
            #expect(try await items.stillStored(in: app.repository) == items)

            #expect(try await client.deleteAccount(dana.tokens.accessToken).status == .noContent)
            #expect(try await items.stillStored(in: app.repository) == items)
            #expect(try await items.withAuthor(in: app.repository) == OwnedItems.none)
        }
    }
}

extension Migration {
    /// The table `keep_posts_of_deleted_users` changes, as the server before it made it: author_id NOT NULL … ON DELETE CASCADE.
    static let keepPostsOfDeletedUsersPreviousTable = Migration(
        name: "keep_posts_of_deleted_users_previous_table",
        sqlite: [
            """
            CREATE TABLE "posts" (
                "id" INTEGER PRIMARY KEY AUTOINCREMENT,
                "author_id" INTEGER NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
                "title" TEXT NOT NULL,
                "content" TEXT NOT NULL,
                "published" INTEGER NOT NULL,
                "created_at" REAL NOT NULL,
                "updated_at" REAL NOT NULL
            )
            """,
            "CREATE INDEX \"posts_author_id\" ON \"posts\" (\"author_id\")",
            "CREATE INDEX \"posts_created_at\" ON \"posts\" (\"created_at\")",
        ],
        postgres: [
            """
            CREATE TABLE "posts" (
                "id" BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                "author_id" BIGINT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
                "title" VARCHAR(200) NOT NULL,
                "content" TEXT NOT NULL,
                "published" BOOLEAN NOT NULL,
                "created_at" TIMESTAMPTZ NOT NULL,
                "updated_at" TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX \"posts_author_id\" ON \"posts\" (\"author_id\")",
            "CREATE INDEX \"posts_created_at\" ON \"posts\" (\"created_at\")",
        ]
    )
}
