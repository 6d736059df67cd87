/// Storage of orders.
protocol OrderRepository: Sendable {
    func createOrder(_ item: NewOrder) async throws -> Order
    /// Oldest first.
    func orders(limit: Int, offset: Int) async throws -> [Order]
    func order(id: Int64) async throws -> Order?
    /// nil when there is no such order.
    func updateOrder(id: Int64, with changes: OrderChanges) async throws -> Order?
    /// false when there was no such order.
    func deleteOrder(id: Int64) async throws -> Bool
    /// The orders of one author with an id above `afterID`, by id, at most `limit`: page through them all
    /// (`afterID` the last id of the page before) without holding them all at once.
    func orders(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Order]
}
