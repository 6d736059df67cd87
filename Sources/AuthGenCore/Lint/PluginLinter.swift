import Foundation

/// What `authgen lint` found.
public struct LintReport: Sendable, Equatable {
    public var diagnostics: [Diagnostic]
    public var pluginCount: Int
    public var templateCount: Int

    public var summary: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return "authgen lint: \(pluginCount) plugin(s), \(templateCount) template(s): "
            + (errors == 0 ? "no errors" : "\(errors) error(s)")
    }
}

/// The lint stage: every template of every plugin (with its overrides) against the context model, and every manifest
/// against its folder. Needs no spec: it checks what any spec could render.
public enum PluginLinter {
    /// Loads the plugins of `folders` (built-in first) and lints them; a folder or manifest that cannot be read is
    /// reported like any other problem.
    public static func lint(folders: [URL]) -> LintReport {
        do {
            return lint(try PluginCatalog.load(from: folders))
        } catch {
            return LintReport(diagnostics: sorted(error.diagnostics), pluginCount: 0, templateCount: 0)
        }
    }

    public static func lint(_ catalog: PluginCatalog) -> LintReport {
        var problems: [Diagnostic] = []
        var templateCount = 0
        for plugin in catalog.plugins {
            let top = LintScope.topKeys(for: plugin, in: catalog)
            let (found, count) = lintTemplates(of: plugin, top: top)
            problems += found
            templateCount += count
            problems += lintConditions(of: plugin, top: top)
        }
        problems += lintOutputs(catalog)
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

    /// Tags of every template, templates the manifest does not name, and entries whose template is missing.
    private static func lintTemplates(of plugin: Plugin, top: [ContextKey]) -> ([Diagnostic], Int) {
        var problems: [Diagnostic] = []
        var named: Set<String> = []
        var count = 0
        let manifestFile = plugin.manifest.location.file
        var uses: [(template: String, frames: [TemplateChecker.Frame], location: SourceLocation)] = plugin.manifest.files.map {
            ($0.template, frames(for: $0, top: top), $0.location)
        }
        if let smoke = plugin.manifest.smoke { uses.append((smoke, [.init(keys: top)], plugin.manifest.location)) }
        uses += plugin.manifest.insertions.map { ($0.template, [.init(keys: top)], $0.location) }

        var checked: Set<String> = []
        for use in uses {
            named.insert(use.template)
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
            let result = TemplateChecker(frames: use.frames).check(text, file: file)
            named.formUnion(result.partials.flatMap { [$0, $0 + ".mustache"] })
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
        for template in plugin.templateFiles.keys.sorted() where !named.contains(template) {
            guard !template.split(separator: "/").contains(where: { $0.hasPrefix(".") }), let path = plugin.templateFiles[template] else { continue }
            problems.append(.error(
                "template '\(template)' is not named by \(manifestFile); add '- template: \(template)' under 'files' or delete the file",
                at: SourceLocation(file: DisplayPath.of(path), line: 1, column: 1)))
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
public enum LintScope {
    /// The keys at the top of the context for `plugin`'s templates, output paths and conditions: the context model,
    /// the plugin's own options under `options`, and every plugin's options under `plugins.<plugin name>`.
    public static func topKeys(for plugin: Plugin, in catalog: PluginCatalog) -> [ContextKey] {
        let literals = plugin.manifest.options.filter { $0.type == .string || $0.type == .list }.map {
            ContextKey.string($0.name + "Literal", "`\($0.name)` as a Swift literal.")
        }
        let own = ContextKey(name: "options", type: .object(plugin.manifest.options.map(\.contextKey) + literals), meaning: "This plugin's options.")
        let everyPlugin = catalog.plugins.filter { !$0.manifest.options.isEmpty }.map {
            ContextKey(name: $0.name, type: .object($0.manifest.options.map(\.contextKey)), meaning: $0.manifest.description)
        }
        let plugins = ContextKey(name: "plugins", type: .object(everyPlugin), meaning: "Every enabled plugin's options.")
        return ContextSchema.keys.filter { $0.name != "plugins" } + [own, plugins]
    }
}

extension PluginOption {
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
