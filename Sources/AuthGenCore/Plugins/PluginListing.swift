/// What `authgen plugins` shows of the plugins found: each plugin's identity, options, files with their conditions,
/// and which template file overrides which. Encoded as the JSON of `--format json`; `lines` is the text form.
package struct PluginListing: Sendable, Equatable, Encodable {
    package struct Entry: Sendable, Equatable, Encodable {
        package var name: String
        package var description: String
        package var kind: String
        /// How the plugin is turned on: `server.framework: <name>` or the feature's `enabled_when` condition.
        package var enabledWhen: String
        /// The plugin's folders in layer order (built-in first).
        package var folders: [String]
        package var options: [Option]
        package var files: [File]
        /// Every template replaced by a later folder, including ones no file entry names (a smoke scenario).
        package var overrides: [Override]
        package var smoke: String?
        /// `server_extensions`: the Swift types the plugin adds to the server.
        package var serverExtensions: [String]
        /// `<framework>/<path>` of each framework file the plugin replaces while enabled (its `overrides/` folder).
        package var replacesWhileEnabled: [String] = []
        /// `packages`: each Swift package the plugin adds to Package.swift, as `<identity> from <version>: <products>`.
        package var packages: [String] = []
        /// `user_fields`: each column the plugin adds to users, as `<name> (<type>, default <value>, existing <value>)`.
        package var userFields: [String] = []

        enum CodingKeys: String, CodingKey {
            case name, description, kind, enabledWhen = "enabled_when", folders, options, files, overrides, smoke
            case serverExtensions = "server_extensions", packages, userFields = "user_fields"
        }
    }

    package struct Option: Sendable, Equatable, Encodable {
        package var name: String
        package var type: String
        /// As a spec writes it (`15m` for a duration).
        package var defaultValue: JSONValue
        package var allowed: [String]?
        package var description: String
        /// `plugin.yaml:line:column`.
        package var declaredAt: String

        enum CodingKeys: String, CodingKey {
            case name, type, defaultValue = "default", allowed, description, declaredAt = "declared_at"
        }
    }

    package struct File: Sendable, Equatable, Encodable {
        package var template: String
        package var output: String
        package var when: String?
        package var forEach: String?
        package var owner: String
        package var secret: Bool
        /// The template file used, after overrides.
        package var source: String?

        enum CodingKeys: String, CodingKey {
            case template, output, when, forEach = "for_each", owner, secret, source
        }
    }

    package struct Override: Sendable, Equatable, Encodable {
        package var template: String
        /// The file used.
        package var source: String
        /// The earlier files it replaces, in layer order.
        package var replaces: [String]
    }

    package var plugins: [Entry]

    package init(_ catalog: PluginCatalog) {
        plugins = catalog.plugins.map { plugin in
            let manifest = plugin.manifest
            return Entry(
                name: manifest.name,
                description: manifest.description,
                kind: manifest.kind.rawValue,
                enabledWhen: manifest.kind == .framework ? "server.framework: \(manifest.name)" : manifest.enabledWhen?.description ?? "the spec sets plugins.\(manifest.name)",
                folders: plugin.folders,
                options: manifest.options.map { option in
                    Option(
                        name: option.name, type: option.type.rawValue, defaultValue: option.defaultValue, allowed: option.allowed,
                        description: option.description,
                        declaredAt: "\(option.location.file):\(option.location.line):\(option.location.column)")
                },
                files: manifest.files.map { file in
                    File(
                        template: file.template, output: file.output, when: file.when?.description, forEach: file.forEach,
                        owner: file.owner.rawValue, secret: file.secret, source: plugin.templateFiles[file.template].map(DisplayPath.of))
                },
                overrides: plugin.overridden.keys.sorted().compactMap { template in
                    guard let source = plugin.templateFiles[template], let replaced = plugin.overridden[template] else { return nil }
                    return Override(template: template, source: DisplayPath.of(source), replaces: replaced.map(DisplayPath.of))
                },
                smoke: manifest.smoke,
                serverExtensions: manifest.serverExtensions.map(\.typeName),
                replacesWhileEnabled: plugin.overrideFiles.keys.sorted(),
                packages: manifest.packages.map { package in
                    let tests = package.testProducts.isEmpty ? "" : " (tests: \(package.testProducts.joined(separator: ", ")))"
                    return "\(package.identity) from \(package.from): \(package.products.joined(separator: ", "))\(tests)"
                },
                userFields: manifest.userFields.map { field in
                    "\(field.name) (\(field.type.rawValue), default \(Self.written(field.defaultValue)), existing \(Self.written(field.existing)))"
                }
            )
        }
    }

    /// The text form: one block per plugin.
    package var lines: [String] {
        var lines: [String] = []
        for (index, plugin) in plugins.enumerated() {
            if index > 0 { lines.append("") }
            let condition = plugin.kind == "framework" ? plugin.enabledWhen : "enabled when \(plugin.enabledWhen)"
            lines.append("\(plugin.name) (\(plugin.kind), \(condition)): \(plugin.description)")
            lines.append("  from: \(plugin.folders.joined(separator: ", "))")
            if plugin.options.isEmpty {
                lines.append("  options: none")
            } else {
                lines.append("  options (set under plugins.\(plugin.name) in the spec):")
                for option in plugin.options {
                    var facts = [option.type, "default \(Self.written(option.defaultValue))"]
                    if let allowed = option.allowed { facts.append("one of \(allowed.joined(separator: ", "))") }
                    lines.append("    \(option.name) (\(facts.joined(separator: "; "))): \(option.description)")
                }
            }
            lines.append("  files (owned by the generator unless marked):")
            for file in plugin.files {
                var notes: [String] = []
                if let when = file.when { notes.append("when \(when)") }
                if let list = file.forEach { notes.append("for each of \(list)") }
                if file.owner == "user" { notes.append("owner user: created once, never touched again") }
                if file.secret { notes.append("secret: never copied to .authgen/ nor shown in diffs") }
                lines.append("    \(file.output)  ← \(file.template)\(notes.isEmpty ? "" : "  [\(notes.joined(separator: "; "))]")")
            }
            if let smoke = plugin.smoke { lines.append("  smoke scenario: \(smoke)") }
            if !plugin.serverExtensions.isEmpty {
                lines.append("  server extensions: \(plugin.serverExtensions.joined(separator: ", "))")
            }
            if !plugin.userFields.isEmpty {
                lines.append("  user fields: \(plugin.userFields.joined(separator: ", "))")
            }
            if !plugin.packages.isEmpty {
                lines.append("  packages:")
                lines += plugin.packages.map { "    \($0)" }
            }
            if !plugin.replacesWhileEnabled.isEmpty {
                lines.append("  replaces while enabled: \(plugin.replacesWhileEnabled.joined(separator: ", "))")
            }
            if !plugin.overrides.isEmpty {
                lines.append("  overrides:")
                for override in plugin.overrides {
                    let named = plugin.files.contains { $0.template == override.template } || plugin.smoke == override.template
                    lines.append("    \(override.source) overrides \(override.replaces.joined(separator: ", "))\(named ? "" : " (not named in plugin.yaml)")")
                }
            }
        }
        return lines
    }

    /// A default as a spec would write it.
    static func written(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .array(let items): "[" + items.map(written).joined(separator: ", ") + "]"
        default: value.rendered()
        }
    }
}
