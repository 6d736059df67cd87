import ServiceLifecycle

/// The database behind the repositories: its connections run as a service, so that they close on shutdown.
protocol Database: Service {
    /// Applies the migrations not applied yet (`Migrations.all`).
    func migrate() async throws
    func ping() async throws
}
