extension Migration {
    /// Keeps `posts` when their author is deleted: `author_id` becomes nullable, ON DELETE SET NULL.
    static let keepPostsOfDeletedUsers = Migration(
        name: "keep_posts_of_deleted_users",
        sqlite: [
            """
            CREATE TABLE "posts_rebuilt" (
                "id" INTEGER PRIMARY KEY AUTOINCREMENT,
                "author_id" INTEGER REFERENCES "users" ("id") ON DELETE SET NULL,
                "title" TEXT NOT NULL,
                "content" TEXT NOT NULL,
                "published" INTEGER NOT NULL,
                "created_at" REAL NOT NULL,
                "updated_at" REAL NOT NULL
            )
            """,
            "INSERT INTO \"posts_rebuilt\" (\"id\", \"author_id\", \"title\", \"content\", \"published\", \"created_at\", \"updated_at\") SELECT \"id\", \"author_id\", \"title\", \"content\", \"published\", \"created_at\", \"updated_at\" FROM \"posts\"",
            "DELETE FROM \"sqlite_sequence\" WHERE \"name\" = 'posts_rebuilt'",
            "INSERT INTO \"sqlite_sequence\" (\"name\", \"seq\") SELECT 'posts_rebuilt', \"seq\" FROM \"sqlite_sequence\" WHERE \"name\" = 'posts'",
            "DROP TABLE \"posts\"",
            "ALTER TABLE \"posts_rebuilt\" RENAME TO \"posts\"",
            "CREATE INDEX \"posts_author_id\" ON \"posts\" (\"author_id\")",
            "CREATE INDEX \"posts_created_at\" ON \"posts\" (\"created_at\")",
        ],
        postgres: [
            "ALTER TABLE \"posts\" ALTER COLUMN \"author_id\" DROP NOT NULL",
            "ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_author_id_fkey\"",
            "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_id_fkey\" FOREIGN KEY (\"author_id\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL",
        ]
    )
}
