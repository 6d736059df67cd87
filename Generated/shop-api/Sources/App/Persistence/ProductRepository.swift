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
    /// The products of one author with an id above `afterID`, by id, at most `limit`: page through them all
    /// (`afterID` the last id of the page before) without holding them all at once.
    func products(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Product]
}
