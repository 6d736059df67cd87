/// A plugin's `plugin.yaml`: its identity and the files it renders.
public struct PluginManifest: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Chosen when `server.framework` names it.
        case framework
        /// Chosen when its `enabled_when` condition holds.
        case feature
    }

    public struct FileEntry: Sendable, Equatable {
        /// Relative to the plugin folder.
        public var template: String
        /// Relative to the output directory; may hold Mustache tags.
        public var output: String
        public var when: Condition?
        /// A context list; the file is rendered once per element.
        public var forEach: String?
        public var owner: FileOwner
        /// The file holds a generated secret: never copied into `.authgen/` nor shown in diffs.
        public var secret: Bool
        /// Where the entry stands in `plugin.yaml`.
        public var location: SourceLocation
    }

    public var name: String
    public var description: String
    public var kind: Kind
    public var enabledWhen: Condition?
    public var files: [FileEntry]
    /// Template of the pipeline's smoke scenario, relative to the plugin folder.
    public var smoke: String?
    /// The options a spec may set under `plugins.<name>`; empty when the plugin has none.
    public var options: [PluginOption] = []
    /// `server_extensions`: Swift types (conforming to the framework's `ServerExtension`) that the plugin's templates
    /// define and the framework lists in its generated server when the plugin is enabled; empty when none.
    public var serverExtensions: [ServerExtensionEntry] = []
    /// `settings`: environment settings the plugin adds to the generated `Settings` (see `PluginContributionsReader`).
    public var settings: [PluginSetting] = []
    /// `insert`: the plugin's templates for the framework's named insertion points.
    public var insertions: [PluginInsertion] = []
    /// The `plugin.yaml` this was read from.
    public var location: SourceLocation
}

/// One entry of a manifest's `server_extensions`: a Swift type name and where it is written.
public struct ServerExtensionEntry: Sendable, Equatable {
    public var typeName: String
    public var location: SourceLocation

    public init(typeName: String, location: SourceLocation) {
        self.typeName = typeName
        self.location = location
    }
}

/// A manifest condition: a boolean context key, or its negation written `!key`.
public struct Condition: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var negated: Bool
    public var location: SourceLocation

    public init(parsing text: String, at location: SourceLocation) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        negated = trimmed.hasPrefix("!")
        key = negated ? String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces) : trimmed
        self.location = location
    }

    public var description: String { (negated ? "!" : "") + key }

    /// Whether the condition holds in `context`; an unknown key or a value that is not a flag is an error.
    public func evaluate(in context: JSONValue) throws(DiagnosticsError) -> Bool {
        guard let value = context.value(at: key) else {
            let hint = NearestName.suggestion(for: key, among: context.paths).map { "; did you mean '\($0)'?" } ?? ""
            throw DiagnosticsError(.error("condition '\(description)' names unknown context key '\(key)'\(hint)", at: location))
        }
        let truth: Bool
        switch value {
        case .bool(let flag): truth = flag
        case .array(let items): truth = !items.isEmpty
        default:
            throw DiagnosticsError(.error("condition '\(description)' needs a true/false context key, but '\(key)' is not a flag", at: location))
        }
        return truth != negated
    }
}

import Foundation
