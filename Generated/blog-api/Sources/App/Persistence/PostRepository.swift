/// Storage of posts.
protocol PostRepository: Sendable {
    func createPost(_ item: NewPost) async throws -> Post
    /// Oldest first.
    func posts(limit: Int, offset: Int) async throws -> [Post]
    func post(id: Int64) async throws -> Post?
    /// nil when there is no such post.
    func updatePost(id: Int64, with changes: PostChanges) async throws -> Post?
    /// false when there was no such post.
    func deletePost(id: Int64) async throws -> Bool
}
