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
}
