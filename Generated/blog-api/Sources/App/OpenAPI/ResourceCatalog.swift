/// Every resource of the API, in the order of the spec.
enum ResourceCatalog {
    static let all: [ResourceDescription] = [
        PostController.description,
    ]
}
