/// Storage of products.
protocol ProductRepository: Sendable {
    func createProduct(_ item: NewProduct) async throws -> Product
    /// Oldest first.
    func products(limit: Int, offset: Int) async throws -> [Product]
    func product(id: Int64) async throws -> Product?
    /// nil when there is no such product.
    func updateProduct(id: Int64, with changes: ProductChanges) async throws -> Product?
    /// false when there was no such product.
    func deleteProduct(id: Int64) async throws -> Bool
}
