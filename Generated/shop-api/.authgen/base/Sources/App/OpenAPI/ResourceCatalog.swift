/// Every resource of the API, in the order of the spec.
enum ResourceCatalog {
    static let all: [ResourceDescription] = [
        ProductController.description,
        CategoryController.description,
        OrderController.description,
    ]
}
