/// Storage of categories.
protocol CategoryRepository: Sendable {
    func createCategory(_ item: NewCategory) async throws -> Category
    /// Oldest first.
    func categories(limit: Int, offset: Int) async throws -> [Category]
    func category(id: Int64) async throws -> Category?
    /// nil when there is no such category.
    func updateCategory(id: Int64, with changes: CategoryChanges) async throws -> Category?
    /// false when there was no such category.
    func deleteCategory(id: Int64) async throws -> Bool
}
