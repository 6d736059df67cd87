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
    /// The posts of one author with an id above `afterID`, by id, at most `limit`: page through them all
    /// (`afterID` the last id of the page before) without holding them all at once.
    func posts(authorID: Int64, afterID: Int64, limit: Int) async throws -> [Post]
}
