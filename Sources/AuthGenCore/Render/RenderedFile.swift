import Foundation

/// Who owns a file once it exists on disk.
public enum FileOwner: String, Sendable, Codable, CaseIterable {
    /// Regenerated whenever the spec or templates change.
    case generator
    /// Created once when missing; never touched again.
    case user
}

/// One file produced by the render stage, held in memory until the write stage.
public struct RenderedFile: Sendable, Equatable {
    /// Relative to the output directory, '/'-separated, already checked to stay inside it.
    public var path: String
    public var contents: Data
    public var plugin: String
    /// Relative to the plugin folder.
    public var template: String
    public var owner: FileOwner
    /// Never copied into `.authgen/` (base copies) nor printed in diffs: it holds a generated secret.
    public var isSecret: Bool

    public init(path: String, contents: Data, plugin: String, template: String, owner: FileOwner = .generator, isSecret: Bool = false) {
        self.path = path
        self.contents = contents
        self.plugin = plugin
        self.template = template
        self.owner = owner
        self.isSecret = isSecret
    }
}

/// Everything one generation renders, in a stable (path) order.
public struct RenderedProject: Sendable, Equatable {
    public var files: [RenderedFile]

    public init(files: [RenderedFile]) {
        self.files = files.sorted { $0.path < $1.path }
    }
}
