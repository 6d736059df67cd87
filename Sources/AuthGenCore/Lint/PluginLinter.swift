import Foundation

/// What `authgen lint` found.
package struct LintReport: Sendable, Equatable {
    package var diagnostics: [Diagnostic]
    package var pluginCount: Int
    package var templateCount: Int

    package var summary: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return "authgen lint: \(pluginCount) plugin(s), \(templateCount) template(s): "
            + (errors == 0 ? "no errors" : "\(errors) error(s)") + (warnings == 0 ? "" : ", \(warnings) warning(s)")
    }
}

/// The lint stage: every template of every plugin (with its overrides) against the context model, and every manifest
/// against its folder. Needs no spec: it checks what any spec could render.
package enum PluginLinter {
    /// Loads the plugins of `folders` (built-in first) and lints them; a folder or manifest that cannot be read is
    /// reported like any other problem.
    package static func lint(folders: [URL]) -> LintReport {
        do {
            return lint(try PluginCatalog.load(from: folders))
        } catch {
            return LintReport(diagnostics: sorted(error.diagnostics), pluginCount: 0, templateCount: 0)
        }
    }

    package static func lint(_ catalog: PluginCatalog) -> LintReport {
        var problems: [Diagnostic] = []
        var templateCount = 0
        for plugin in catalog.plugins {
            let top = LintScope.topKeys(for: plugin, in: catalog)
            let (found, count) = lintTemplates(of: plugin, top: top)
            problems += found
            templateCount += count
            problems += lintConditions(of: plugin, top: top)
            problems += lintServerExtensions(of: plugin)
        }
        problems += lintOutputs(catalog)
        problems += lintOverrides(catalog)
        return LintReport(diagnostics: sorted(problems), pluginCount: catalog.plugins.count, templateCount: templateCount)
    }

    private static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            let left = $0.location ?? SourceLocation(file: "", line: 0, column: 0)
            let right = $1.location ?? SourceLocation(file: "", line: 0, column: 0)
            return (left.file, left.line, left.column, $0.message) < (right.file, right.line, right.column, $1.message)
        }
    }

    /// The frames a file entry's template starts with: the top of the context, and a `for_each` element on top.
    static func frames(for entry: PluginManifest.FileEntry, top: [ContextKey]) -> [TemplateChecker.Frame] {
        var frames = [TemplateChecker.Frame(keys: top)]
        if let list = entry.forEach {
            if case .list(let keys)? = listType(list, in: top) {
                frames.append(.init(keys: keys, prefix: list + "[].", isListElement: true))
            } else {
                // Reported once at the entry; names inside the template are not checked against a list that is not there.
                frames.append(.init(keys: [], prefix: list + "[].", isListElement: true, isUnknown: true))
            }
        }
        return frames
    }

    private static func listType(_ path: String, in top: [ContextKey]) -> ContextType? {
        if case .found(_, let type) = TemplateChecker(frames: [.init(keys: top)]).resolve(path, in: [.init(keys: top)]) { return type }
        return nil
    }

    /// Tags of every template, entries whose file is missing or who say nothing, and templates without a tag.
    private static func lintTemplates(of plugin: Plugin, top: [ContextKey]) -> ([Diagnostic], Int) {
        var problems: [Diagnostic] = []
        var count = 0
        var uses: [(template: String, frames: [TemplateChecker.Frame], location: SourceLocation)] = plugin.manifest.files.filter(\.isTemplate).map {
            ($0.template, frames(for: $0, top: top), $0.location)
        }
        for entry in plugin.manifest.files where !entry.isTemplate && plugin.templateFiles[entry.template] == nil {
            problems.append(.error("file '\(entry.template)' is not in plugin '\(plugin.name)' (looked in \(plugin.folders.joined(separator: ", "))); add the file or remove the entry", at: entry.location))
        }
        for entry in plugin.manifest.files where !entry.isPlain && !entry.isSpecial {
            problems.append(.warning(
                "the entry for '\(entry.template)' says nothing the folder does not; remove it (every file of the plugin folder is rendered, and plugin.yaml names only files with an output, when, for_each, owner or secret)",
                at: entry.location))
        }
        if let smoke = plugin.manifest.smoke { uses.append((smoke, [.init(keys: top)], plugin.manifest.location)) }
        uses += plugin.manifest.insertions.map { ($0.template, [.init(keys: top)], $0.location) }

        var checked: Set<String> = []
        for use in uses {
            guard let path = plugin.templateFiles[use.template] else {
                let hint = NearestName.suggestion(for: use.template, among: plugin.templateFiles.keys.sorted()).map { "did you mean '\($0)'?" }
                    ?? "add the file or remove the entry"
                problems.append(.error("template '\(use.template)' is not in plugin '\(plugin.name)' (looked in \(plugin.folders.joined(separator: ", "))); \(hint)", at: use.location))
                continue
            }
            // A template listed twice (e.g. with different conditions) is checked once per distinct scope.
            let key = use.template + "|" + use.frames.map(\.prefix).joined(separator: ",")
            guard checked.insert(key).inserted else { continue }
            count += 1
            let file = DisplayPath.of(path)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append(.error("cannot read template as UTF-8 text", at: SourceLocation(file: file, line: 1, column: 1)))
                continue
            }
            if !text.contains("{{") {
                problems.append(.warning(
                    "template '\(use.template)' has no Mustache tag; rename it to '\(PluginFiles.outputKey(of: use.template))' so it is copied as it is",
                    at: SourceLocation(file: file, line: 1, column: 1)))
            }
            let result = TemplateChecker(frames: use.frames).check(text, file: file)
            problems += result.diagnostics
            // What the linter does not model, swift-mustache's own parser still catches.
            if result.isWellFormed {
                do {
                    _ = try Renderer.parse(text, file: file)
                } catch {
                    problems += error.diagnostics
                }
            }
        }
        return (problems, count)
    }

    /// `enabled_when`, `when` and `for_each` must name context keys of the right type.
    private static func lintConditions(of plugin: Plugin, top: [ContextKey]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let checker = TemplateChecker(frames: [.init(keys: top)])
        let flags = ContextSchemaPaths.conditions(top)
        func check(_ condition: Condition, _ what: String) {
            switch checker.resolve(condition.key, in: checker.frames) {
            case .unknown:
                let fix = NearestName.suggestion(for: condition.key, among: flags).map { "did you mean '\($0)'?" } ?? "use a true/false key of `authgen context --reference`"
                problems.append(.error("\(what) '\(condition)' names unknown context key '\(condition.key)'; \(fix)", at: condition.location))
            case .found(_, let type):
                if let type, !type.isCondition {
                    let fix = NearestName.suggestion(for: condition.key, among: flags).map { "did you mean '\($0)'?" } ?? "use a true/false key"
                    problems.append(.error("\(what) '\(condition)' tests '\(condition.key)', \(Self.article(type.name)) \(type.name), not a flag; \(fix)", at: condition.location))
                }
            }
        }
        if let enabledWhen = plugin.manifest.enabledWhen { check(enabledWhen, "enabled_when") }
        for entry in plugin.manifest.files {
            if let when = entry.when { check(when, "when") }
            if let list = entry.forEach {
                let lists = ContextSchemaPaths.lists(top)
                switch checker.resolve(list, in: checker.frames) {
                case .found(_, .list?): break
                case .found(_, let type):
                    problems.append(.error("for_each '\(list)' is \(type.map { Self.article($0.name) + " " + $0.name } ?? "a value"), not a list of objects; use one of: \(lists.joined(separator: ", "))", at: entry.location))
                case .unknown:
                    let fix = NearestName.suggestion(for: list, among: lists).map { "did you mean '\($0)'?" } ?? "use one of: \(lists.joined(separator: ", "))"
                    problems.append(.error("for_each '\(list)' names unknown context key '\(list)'; \(fix)", at: entry.location))
                }
            }
        }
        return problems
    }

    /// Output paths: their tags must resolve, and no two files may render to the same path.
    private static func lintOutputs(_ catalog: PluginCatalog) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        struct Output { var plugin: Plugin; var entry: PluginManifest.FileEntry; var symbolic: String }
        var outputs: [Output] = []
        for plugin in catalog.plugins {
            let top = LintScope.topKeys(for: plugin, in: catalog)
            for entry in plugin.manifest.files {
                let frames = frames(for: entry, top: top)
                let checker = TemplateChecker(frames: frames)
                let what = "output '\(entry.output)' of '\(entry.template)'"
                guard case .success(let tags) = MustacheTokenizer.tags(in: entry.output) else {
                    problems.append(.error("\(what): a tag is never closed; add '}}'", at: entry.location))
                    continue
                }
                var symbolic = entry.output
                var usesElement = false
                for tag in tags {
                    guard tag.kind == .variable || tag.kind == .unescaped else {
                        problems.append(.error("\(what): only {{key}} tags belong in an output path, not '\(tag.written)'", at: entry.location))
                        continue
                    }
                    switch checker.resolve(tag.name, in: frames) {
                    case .unknown(let suggestion):
                        problems.append(.error("\(what): '\(tag.written)' names unknown context key '\(tag.name)'; "
                            + (suggestion.map { "did you mean '\($0)'?" } ?? "see `authgen context --reference`"), at: entry.location))
                    case .found(let path, _):
                        if let list = entry.forEach, path.hasPrefix(list + "[].") { usesElement = true }
                        symbolic = symbolic.replacingOccurrences(of: tag.written, with: "{{\(path)}}")
                            .replacingOccurrences(of: "{{ \(tag.name) }}", with: "{{\(path)}}")
                    }
                }
                if let list = entry.forEach, !usesElement, frames.last?.isUnknown == false {
                    problems.append(.error(
                        "every element of '\(list)' renders '\(entry.template)' to the same path '\(entry.output)'; put a key of the element in 'output', e.g. {{typeName}}",
                        at: entry.location))
                }
                outputs.append(Output(plugin: plugin, entry: entry, symbolic: symbolic))
            }
        }
        for (index, output) in outputs.enumerated() {
            guard let earlier = outputs[..<index].first(where: { other in
                other.symbolic == output.symbolic && canRenderTogether(other.plugin, other.entry, output.plugin, output.entry)
            }) else { continue }
            problems.append(.error(
                "'\(output.plugin.name)/\(output.entry.template)' renders to '\(output.entry.output)', as '\(earlier.plugin.name)/\(earlier.entry.template)' does "
                    + "(\(earlier.entry.location.file):\(earlier.entry.location.line)); give one a different output or exclusive 'when' conditions",
                at: output.entry.location))
        }
        return problems
    }

    /// Each `server_extensions` type must be declared by a file the plugin renders, or the server cannot build.
    private static func lintServerExtensions(of plugin: Plugin) -> [Diagnostic] {
        guard !plugin.manifest.serverExtensions.isEmpty else { return [] }
        let texts = plugin.manifest.files.compactMap { entry in
            plugin.templateFiles[entry.template].flatMap { FileManager.default.contents(atPath: $0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        return plugin.manifest.serverExtensions.compactMap { entry in
            let declaration = "\\b(struct|enum|class|actor)\\s+\(entry.typeName)\\b"
            guard !texts.contains(where: { $0.range(of: declaration, options: .regularExpression) != nil }) else { return nil }
            return .error(
                "server_extensions: no file of plugin '\(plugin.name)' declares '\(entry.typeName)'; add `struct \(entry.typeName): ServerExtension` to one of its files, or correct the name",
                at: entry.location)
        }
    }

    /// A feature plugin's `overrides/<framework>/…` files: each replaces a framework file that exists, is recorded
    /// with the hash of the file it was written against (a warning once that file changed), has tags the framework's
    /// context holds, and is the only override of its file.
    private static func lintOverrides(_ catalog: PluginCatalog) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var firstOverride: [String: String] = [:]
        for plugin in catalog.plugins {
            let files = plugin.overrideFiles
            let recorded = Dictionary(plugin.manifest.overrides.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            for entry in plugin.manifest.overrides where files[entry.path] == nil {
                problems.append(.error("overrides: '\(entry.path)' is not under \(plugin.name)'s overrides/ folder; add the file or remove the entry", at: entry.location))
            }
            for (path, file) in files.sorted(by: { $0.key < $1.key }) {
                let place = SourceLocation(file: DisplayPath.of(file), line: 1, column: 1)
                let override = OverrideEntry(path: path, replacesSHA256: "", location: place)
                guard let framework = catalog[override.framework], framework.manifest.kind == .framework else {
                    problems.append(.error("'overrides/\(path)' names no framework plugin '\(override.framework)'; put it under overrides/<framework>/, e.g. overrides/hummingbird/", at: place))
                    continue
                }
                let key = PluginFiles.outputKey(of: override.target)
                guard let replaced = [key, key + PluginFiles.templateSuffix].compactMap({ name in framework.templateFiles[name].map { (name, $0) } }).first else {
                    let hint = NearestName.suggestion(for: override.target, among: framework.templateFiles.keys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
                    problems.append(.error("'overrides/\(path)' replaces nothing: \(framework.name) has no file '\(override.target)'\(hint)", at: place))
                    continue
                }
                let current = FileManager.default.contents(atPath: replaced.1).map(SHA256.hexDigest(of:)) ?? ""
                if let entry = recorded[path] {
                    if entry.replacesSHA256 != current {
                        problems.append(.warning(
                            "'overrides/\(path)' was written against another version of \(DisplayPath.of(replaced.1)); compare the two, bring the override up to date, then record '\(path): \(current)'",
                            at: entry.location))
                    }
                } else {
                    problems.append(.error("'overrides/\(path)' is not recorded in \(plugin.manifest.location.file); add under 'overrides': '\(path): \(current)' (the SHA-256 of the file it replaces)", at: place))
                }
                if let other = firstOverride[framework.name + "/" + key] {
                    problems.append(.warning("plugins '\(other)' and '\(plugin.name)' both override \(framework.name)'s '\(override.target)'; they cannot be enabled together", at: place))
                } else {
                    firstOverride[framework.name + "/" + key] = plugin.name
                }
                if override.target.hasSuffix(PluginFiles.templateSuffix), let text = FileManager.default.contents(atPath: file).map({ String(decoding: $0, as: UTF8.self) }) {
                    let top = LintScope.topKeys(for: framework, in: catalog)
                    let entry = framework.manifest.files.first { PluginFiles.outputKey(of: $0.template) == key }
                    let scope = entry.map { Self.frames(for: $0, top: top) } ?? [TemplateChecker.Frame(keys: top)]
                    problems += TemplateChecker(frames: scope).check(text, file: DisplayPath.of(file)).diagnostics
                }
            }
        }
        return problems
    }

    private static func article(_ word: String) -> String {
        "aeiou".contains(word.first ?? "x") ? "an" : "a"
    }

    /// Two entries can render in one generation unless they belong to two framework plugins or have opposite conditions.
    private static func canRenderTogether(_ first: Plugin, _ a: PluginManifest.FileEntry, _ second: Plugin, _ b: PluginManifest.FileEntry) -> Bool {
        if first.name != second.name, first.manifest.kind == .framework, second.manifest.kind == .framework { return false }
        if let x = a.when, let y = b.when, x.key == y.key, x.negated != y.negated { return false }
        return true
    }
}

/// Where the plugin-specific keys join the context a plugin's templates see.
package enum LintScope {
    /// The keys at the top of the context for `plugin`'s templates, output paths and conditions: the context model,
    /// the plugin's own options under `options`, and every plugin's options under `plugins.<plugin name>`.
    package static func topKeys(for plugin: Plugin, in catalog: PluginCatalog) -> [ContextKey] {
        let own = ContextKey(name: "options", type: .object(plugin.manifest.options.flatMap(\.contextKeys)), meaning: "This plugin's options.")
        let everyPlugin = catalog.plugins.filter { !$0.manifest.options.isEmpty }.map {
            ContextKey(name: $0.name, type: .object($0.manifest.options.flatMap(\.contextKeys)), meaning: $0.manifest.description)
        }
        let plugins = ContextKey(name: "plugins", type: .object(everyPlugin), meaning: "Every enabled plugin's options.")
        return ContextSchema.keys.filter { $0.name != "plugins" } + [own, plugins]
    }
}

extension PluginOption {
    /// The option as templates see it, and its Swift-literal form.
    var contextKeys: [ContextKey] {
        [contextKey, .string(literalName, "`\(name)` as a Swift literal: quoted and escaped (strings, lists), or seconds (durations).")]
    }

    /// The option as templates see it (see `contextValue`): a duration is `{text, seconds}`.
    var contextKey: ContextKey {
        switch type {
        case .string: .string(name, description)
        case .int: .int(name, description)
        case .bool: .bool(name, description)
        case .list: .strings(name, description)
        case .duration:
            ContextKey(
                name: name,
                type: .object([.string("text", "As the spec writes it, e.g. `15m`."), .int("seconds", "In seconds, e.g. 900.")]),
                meaning: description
            )
        }
    }
}

/// Names of keys by kind, for suggestions.
enum ContextSchemaPaths {
    static func all(_ keys: [ContextKey], prefix: String = "") -> [(String, ContextType)] {
        keys.flatMap { key -> [(String, ContextType)] in
            if case .object(let members) = key.type { return [(prefix + key.name, key.type)] + all(members, prefix: prefix + key.name + ".") }
            return [(prefix + key.name, key.type)]
        }
    }

    static func conditions(_ keys: [ContextKey]) -> [String] { all(keys).filter { $0.1.isCondition }.map(\.0) }

    static func lists(_ keys: [ContextKey]) -> [String] {
        all(keys).filter { if case .list = $0.1 { true } else { false } }.map(\.0)
    }
}
