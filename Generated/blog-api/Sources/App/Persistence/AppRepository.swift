/// Everything the application stores: users and tokens, and each resource.
/// `SQLiteRepository` and `PostgresRepository` implement all of it.
typealias AppRepository = AuthRepository & PostRepository & ExtensionDatabase
