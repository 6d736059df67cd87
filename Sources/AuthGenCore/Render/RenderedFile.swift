import Foundation

/// Who owns a file once it exists on disk.
package enum FileOwner: String, Sendable, Codable, CaseIterable {
    /// Regenerated whenever the spec or templates change.
    case generator
    /// Created once when missing; never touched again.
    case user
}

/// One file produced by the render stage, held in memory until the write stage.
package struct RenderedFile: Sendable, Equatable {
    /// Relative to the output directory, '/'-separated, already checked to stay inside it.
    package var path: String
    package var contents: Data
    package var plugin: String
    /// Relative to the plugin folder.
    package var template: String
    package var owner: FileOwner
    /// Never copied into `.authgen/` (base copies) nor printed in diffs: it holds a generated secret.
    package var isSecret: Bool

    package init(path: String, contents: Data, plugin: String, template: String, owner: FileOwner = .generator, isSecret: Bool = false) {
        self.path = path
        self.contents = contents
        self.plugin = plugin
        self.template = template
        self.owner = owner
        self.isSecret = isSecret
    }
}

/// Everything one generation renders, in a stable (path) order.
package struct RenderedProject: Sendable, Equatable {
    package var files: [RenderedFile]

    package init(files: [RenderedFile]) {
        self.files = files.sorted { $0.path < $1.path }
    }
}
