/// Everything the application stores: users, sessions and counters, and each resource.
/// `SQLiteRepository` and `PostgresRepository` implement all of it; each part of the server asks for the protocol it needs.
typealias AppRepository = Database & UserRepository & SessionRepository & CounterStore & ProductRepository & CategoryRepository & OrderRepository & ExtensionDatabase & ExtensionUserRepository
