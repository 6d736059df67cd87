import PostgresNIO

extension PostgresLocation.TLSMode {
    /// The `sslmode` of `DATABASE_URL`, for the pool (`PostgresDatabase`).
    var clientConfiguration: PostgresClient.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    /// The same, for a single connection outside the pool (`SessionChangeListener`).
    func connectionConfiguration() throws -> PostgresConnection.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}
