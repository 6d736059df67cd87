/// A plugin's `plugin.yaml`: its identity, and what is special about some of its files. Every file of the plugin folder
/// is part of the output (see `PluginCatalog`); `files` names only those that need an `output`, `when`, `for_each`,
/// `owner` or `secret`.
package struct PluginManifest: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Chosen when `server.framework` names it.
        case framework
        /// Chosen when its `enabled_when` condition holds.
        case feature
    }

    package struct FileEntry: Sendable, Equatable {
        /// Relative to the plugin folder. A name ending in `.mustache` is a template, rendered; any other file is
        /// copied byte for byte.
        package var template: String
        /// Relative to the output directory; may hold Mustache tags.
        package var output: String
        package var when: Condition?
        /// A context list; the file is rendered once per element.
        package var forEach: String?
        package var owner: FileOwner
        /// The file holds a generated secret: never copied into `.authgen/` nor shown in diffs.
        package var secret: Bool
        /// Where the entry stands in `plugin.yaml`, or the file itself when the folder alone lists it.
        package var location: SourceLocation
        /// Whether the folder alone lists the file: `plugin.yaml` says nothing about it.
        package var isPlain: Bool = false

        /// Whether the file is rendered (its name ends in `.mustache`) rather than copied as it is.
        package var isTemplate: Bool { template.hasSuffix(PluginFiles.templateSuffix) }

        /// Whether the entry says anything a file listed by its folder would not have.
        package var isSpecial: Bool {
            output != PluginFiles.outputKey(of: template) || when != nil || forEach != nil || owner != .generator || secret
        }
    }

    package var name: String
    package var description: String
    package var kind: Kind
    package var enabledWhen: Condition?
    package var files: [FileEntry]
    /// Template of the pipeline's smoke scenario, relative to the plugin folder.
    package var smoke: String?
    /// The options a spec may set under `plugins.<name>`; empty when the plugin has none.
    package var options: [PluginOption] = []
    /// `server_extensions`: Swift types (conforming to the framework's `ServerExtension`) that the plugin's templates
    /// define and the framework lists in its generated server when the plugin is enabled; empty when none.
    package var serverExtensions: [ServerExtensionEntry] = []
    /// `overrides`: for each file under the plugin's `overrides/` folder (`<framework>/<path>`), the SHA-256 of the
    /// framework file it was written against; empty when the plugin overrides nothing.
    package var overrides: [OverrideEntry] = []
    /// `settings`: environment settings the plugin adds to the generated `Settings` (see `PluginContributionsReader`).
    package var settings: [PluginSetting] = []
    /// `insert`: the plugin's templates for the framework's named insertion points.
    package var insertions: [PluginInsertion] = []
    /// `packages`: Swift packages the generated `Package.swift` depends on while the plugin is enabled.
    package var packages: [PluginPackage] = []
    /// `user_fields`: columns the plugin adds to `users` while enabled.
    package var userFields: [PluginUserField] = []
    /// The `plugin.yaml` this was read from.
    package var location: SourceLocation

    /// Files of the folder that are not output: the smoke scenario's template and the insertion templates.
    package var auxiliaryFiles: [String] { [smoke].compactMap { $0 } + insertions.map(\.template) }
}

/// One entry of a manifest's `overrides`: `hummingbird/README.md.mustache: <sha256 of the file it replaces>`.
package struct OverrideEntry: Sendable, Equatable {
    /// `<framework>/<path in the framework plugin>`, as the file stands under `overrides/`.
    package var path: String
    /// Lower-case hexadecimal SHA-256 of the framework file when the override was written.
    package var replacesSHA256: String
    package var location: SourceLocation

    package var framework: String { String(path.prefix { $0 != "/" }) }
    /// The path in the framework plugin.
    package var target: String { String(path.drop { $0 != "/" }.dropFirst()) }
}

/// One entry of a manifest's `server_extensions`: a Swift type name and where it is written.
package struct ServerExtensionEntry: Sendable, Equatable {
    package var typeName: String
    package var location: SourceLocation

    package init(typeName: String, location: SourceLocation) {
        self.typeName = typeName
        self.location = location
    }
}

/// A manifest condition: a boolean context key, or its negation written `!key`.
package struct Condition: Sendable, Equatable, CustomStringConvertible {
    package var key: String
    package var negated: Bool
    package var location: SourceLocation

    package init(parsing text: String, at location: SourceLocation) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        negated = trimmed.hasPrefix("!")
        key = negated ? String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces) : trimmed
        self.location = location
    }

    package var description: String { (negated ? "!" : "") + key }

    /// Whether the condition holds in `context`; an unknown key or a value that is not a flag is an error.
    package func evaluate(in context: JSONValue) throws(DiagnosticsError) -> Bool {
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
