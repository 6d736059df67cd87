import Foundation

/// The generator's stages, each a function from the previous stage's type to its own, none changing an earlier result:
///
///     spec file ─loadSpec→ Spec ─resolve→ ResolvedSpec ─context→ RenderContext ─render→ RenderedProject
///               ─plan→ GenerationPlan ─write→ WriteReport
///
/// Every stage reports its problems as a `DiagnosticsError` carrying all of them; `generate` runs the stages in
/// order and says which one failed (`GenerationFailure`).
package struct Generator: Sendable {
    /// Plugin folders in layer order: the built-in `Templates/` first, then each `--plugins` folder.
    package var pluginFolders: [URL]
    package var contextBuilder: ContextBuilder

    package init(pluginFolders: [URL], contextBuilder: ContextBuilder = ContextBuilder()) {
        self.pluginFolders = pluginFolders
        self.contextBuilder = contextBuilder
    }

    /// What one generation computed, and (unless it was a dry run) what it wrote.
    package struct Outcome: Sendable {
        package var spec: Spec
        package var warnings: [Diagnostic]
        package var plan: GenerationPlan
        package var report: WriteReport?
    }

    // MARK: - Stages

    /// Spec stage: the validated spec, or every problem found.
    package func loadSpec(at path: String) throws(DiagnosticsError) -> (spec: Spec, warnings: [Diagnostic], locations: SpecLocations) {
        let result = checkSpec(at: path)
        guard let spec = result.spec, !result.diagnostics.hasErrors else {
            throw DiagnosticsError(result.diagnostics)
        }
        return (spec, result.diagnostics, result.locations)
    }

    /// The spec stage with every diagnostic. A spec that sets plugin options (`plugins:`) is read again with the
    /// plugins found in `pluginFolders`, so that its options are checked like core keys; a spec without them never
    /// needs the plugins here (problems in plugin folders are the resolve stage's).
    package func checkSpec(at path: String) -> SpecLoadResult {
        let result = SpecLoader.load(path: path)
        guard let spec = result.spec, !spec.plugins.isEmpty else { return result }
        do {
            let catalog = try PluginCatalog.load(from: pluginFolders)
            return SpecLoader.load(path: path, plugins: catalog.plugins.map(\.manifest))
        } catch {
            return SpecLoadResult(spec: nil, diagnostics: result.diagnostics + error.diagnostics, locations: result.locations)
        }
    }

    /// A valid spec's schema changes against the migration history of the earlier generation in `outputDirectory`
    /// (none when it has no manifest): what `generate` into that folder would refuse (a removed field without
    /// `allowDestructive`, a changed type, going back to cascade), at the same place in the spec.
    package func historyDiagnostics(of checked: SpecLoadResult, in outputDirectory: URL, allowDestructive: Bool) -> [Diagnostic] {
        guard let spec = checked.spec, !checked.diagnostics.hasErrors else { return [] }
        do {
            guard let history = try GenerationManifest.read(from: outputDirectory)?.migrations else { return [] }
            if case .failure(let refusal) = MigrationPlanner.plan(
                previous: history, spec: spec, allowDestructive: allowDestructive, locations: checked.locations)
            {
                return refusal.diagnostics
            }
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Resolve stage: the plugins `spec` enables, in render order (a feature plugin's `enabled_when` is evaluated in
    /// the context of the spec alone), and the server extensions they contribute (a type named twice is an error).
    package func resolve(_ spec: Spec) throws(DiagnosticsError) -> ResolvedSpec {
        let catalog = try PluginCatalog.load(from: pluginFolders)
        let specContext = try templateValue(contextBuilder.build(spec))
        let plugins = try catalog.selection(
            framework: spec.server.framework,
            context: specContext,
            configured: Set(spec.plugins.keys)
        )
        let options = ContextBuilder.pluginOptions(spec, plugins: plugins)
        var resolved = ResolvedSpec(
            spec: spec, plugins: plugins, serverExtensions: try ContextBuilder.serverExtensions(of: plugins),
            pluginSettings: try ContextBuilder.pluginSettings(of: plugins, options: options, context: specContext),
            packages: try ContextBuilder.packages(of: plugins))
        resolved.userFields = try ContextBuilder.userFields(of: plugins)
        return resolved
    }

    /// Context stage: the values templates print, plugin options, settings and server extensions included, and the
    /// plugins' insertions (their `insert:` templates, rendered with those values).
    /// `migrations`: the history from `MigrationPlanner`; nil renders the migrations of a first generation.
    package func context(for resolved: ResolvedSpec, migrations: MigrationHistory? = nil) throws(DiagnosticsError) -> RenderContext {
        var context = contextBuilder.build(resolved, migrations: migrations)
        context.insertions = try ContextBuilder.insertions(of: resolved.plugins, in: templateValue(context))
        return context
    }

    /// Render stage: every file the resolved spec's plugins produce with `context`, in memory.
    package func render(_ resolved: ResolvedSpec, context: RenderContext) throws(DiagnosticsError) -> RenderedProject {
        try Renderer.render(resolved.plugins, context: templateValue(context))
    }

    /// Resolve, context and render stages in a row: every file `spec` produces, in memory.
    /// `migrations`: the history from `MigrationPlanner`; nil renders the migrations of a first generation.
    package func render(_ spec: Spec, migrations: MigrationHistory? = nil) throws(DiagnosticsError) -> RenderedProject {
        let resolved = try resolve(spec)
        return try render(resolved, context: try context(for: resolved, migrations: migrations))
    }

    /// Every stage up to the plan; with `write`, the write stage too. `restore`: generator-owned paths (relative to the
    /// output directory) the user deleted and wants created again.
    /// `allowDestructive`: a resource or field removed from the spec yields a dropping migration instead of an error.
    /// `forced`, `accept`: see `Planner.plan`. `intoExisting`: generate into a folder that holds files authgen did not
    /// write (no manifest); refused otherwise. `lockWait`: how long to wait for another run holding the output's lock.
    package func generate(specPath: String, outputDirectory: URL, force: Bool = false, restore: Set<String> = [],
                         forced: Set<String> = [], accept: Set<String> = [], intoExisting: Bool = false,
                         allowDestructive: Bool = false, lockWait: Double = 5,
                         write: Bool) throws(GenerationFailure) -> Outcome {
        let (spec, warnings, locations) = try stage(.spec) { () throws(DiagnosticsError) in try loadSpec(at: specPath) }
        // Held until the plan is written: another run on the same folder waits, then gives up.
        let createdFolder = write && !FileManager.default.fileExists(atPath: outputDirectory.path)
        let lock = try stage(.plan) { () throws(DiagnosticsError) in
            try OutputLock.acquire(outputDirectory, create: write, wait: lockWait)
        }
        defer {
            lock?.release()
            if createdFolder { rmdir(outputDirectory.path) } // only succeeds when the run failed before writing anything
        }
        let previous = try stage(.plan) { () throws(DiagnosticsError) in
            let previous = try GenerationManifest.read(from: outputDirectory)
            if previous == nil, !intoExisting, let problem = Self.foreignFiles(in: outputDirectory) {
                throw DiagnosticsError(problem)
            }
            return previous
        }
        // The database follows the spec: the migrations so far stay as they are, the spec's changes are appended.
        let migrations = try stage(.spec) { () throws(DiagnosticsError) in
            try MigrationPlanner.plan(previous: previous?.migrations, spec: spec, allowDestructive: allowDestructive,
                                      locations: locations).get()
        }
        let (resolved, project) = try stage(.render) { () throws(DiagnosticsError) in
            let resolved = try resolve(spec)
            return (resolved, try render(resolved, context: context(for: resolved, migrations: migrations)))
        }
        if previous?.migrations == nil {
            let rewritten = project.files.filter { file in
                guard resolved.migrationTemplates.contains(file.plugin + "/" + file.template),
                      let disk = FileManager.default.contents(atPath: outputDirectory.path + "/" + file.path) else { return false }
                return disk != file.contents
            }
            if !rewritten.isEmpty { throw GenerationFailure(stage: .plan, diagnostics: [Self.lostHistory(rewritten, in: outputDirectory)]) }
        }
        try stage(.unresolvedConflicts) { () throws(DiagnosticsError) in
            try Planner.checkUnresolvedConflicts(project, previous: previous, in: outputDirectory)
        }
        let plan = try stage(.plan) { () throws(DiagnosticsError) in
            let specBytes = FileManager.default.contents(atPath: specPath) ?? Data()
            return try Planner.plan(
                project, outputDirectory: outputDirectory, previous: previous,
                generatorVersion: contextBuilder.generatorVersion, specHash: SHA256.hexDigest(of: specBytes), force: force,
                restore: restore, forced: forced, accept: accept, migrations: migrations
            )
        }
        guard write else { return Outcome(spec: spec, warnings: warnings, plan: plan, report: nil) }
        do {
            return Outcome(spec: spec, warnings: warnings, plan: plan, report: try Writer.apply(plan))
        } catch {
            throw GenerationFailure(stage: .write, diagnostics: error.diagnostics)
        }
    }

    /// Runs one stage, its diagnostics becoming the failure of `stage`.
    private func stage<T>(_ stage: GenerationFailure.Stage, _ body: () throws(DiagnosticsError) -> T) throws(GenerationFailure) -> T {
        do {
            return try body()
        } catch {
            throw GenerationFailure(stage: stage, diagnostics: error.diagnostics)
        }
    }

    /// Why a folder with no manifest cannot be generated into without `--into-existing`: it holds files (`.authgen/`
    /// aside) that authgen did not write, or at least cannot tell it did (`-o /`, a home folder, an existing repository).
    static func foreignFiles(in outputDirectory: URL) -> Diagnostic? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: outputDirectory.path)) ?? [])
            .filter { $0 != OutputPath.reservedDirectory }.sorted()
        guard !names.isEmpty else { return nil }
        let shown = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 3 ? ", …" : "")
        return .error(
            "refusing to generate into '\(DisplayPath.of(outputDirectory.path))': it already holds files (\(shown)) and no "
                + "\(GenerationManifest.relativePath), so authgen did not write them. Name a new or empty folder with -o; or "
                + "pass --into-existing to generate into it anyway (a file that differs is a conflict, never overwritten); "
                + "if authgen generated this folder and the manifest was lost, restore it from version control")
    }

    /// The migration history is gone (no manifest, or one from an older authgen) and planning from the spec alone
    /// would rewrite migrations that are already on disk, and so perhaps applied to a database.
    static func lostHistory(_ files: [RenderedFile], in outputDirectory: URL) -> Diagnostic {
        .error(
            "no migration history in '\(DisplayPath.of(GenerationManifest.url(in: outputDirectory).path))', and planning "
                + "the migrations from the spec alone would rewrite \(files.map { "'\($0.path)'" }.joined(separator: ", ")), "
                + "which a deployed database may already have applied (it would never get the change). Restore "
                + "\(GenerationManifest.relativePath) from version control (e.g. `git checkout -- "
                + "\(GenerationManifest.relativePath)` in the project) and run again; only if no database was ever "
                + "migrated with this project, delete those migration files to start a new history. Nothing was written")
    }

    /// The smoke scenario of the first selected plugin that has one, rendered with the spec's context.
    package func smokeScenario(for spec: Spec) throws(DiagnosticsError) -> SmokeScenario? {
        let resolved = try resolve(spec)
        let context = try templateValue(self.context(for: resolved))
        for plugin in resolved.plugins {
            guard let smoke = plugin.manifest.smoke else { continue }
            let text = try plugin.templateText(smoke, requestedAt: plugin.manifest.location)
            let file = plugin.templateFiles[smoke].map(DisplayPath.of) ?? smoke
            let rendered = try Renderer.parse(text, file: file).render(Renderer.scope(of: plugin, in: context).mustacheObject)
            return try SmokeScenario.parse(rendered, file: file)
        }
        return nil
    }

    /// The context as templates see it, secrets replaced by a placeholder: what `authgen context` prints.
    /// Without plugin folders, the context stage alone (no plugin options).
    package func printableContext(for spec: Spec) throws(DiagnosticsError) -> RenderContext {
        var context = pluginFolders.isEmpty ? contextBuilder.build(spec) : try self.context(for: try resolve(spec))
        context.secrets.secretKey = "<generated fresh for each new .env; never printed>"
        context.secrets.postgresPassword = "<generated fresh for each new .env; never printed>"
        context.secrets.jwtPrivateKeys = context.auth.jwt.hmac ? "" : "<generated fresh for each new .env; never printed>"
        return context
    }

    func templateValue(_ context: RenderContext) throws(DiagnosticsError) -> JSONValue {
        do {
            return try JSONValue(encoding: context)
        } catch {
            throw DiagnosticsError(.error("internal: the render context cannot be encoded: \(error)"))
        }
    }
}

/// A stage of `Generator.generate` failed; nothing was written unless the stage is `.write`,
/// whose diagnostics then say exactly what was.
package struct GenerationFailure: Error, Sendable, CustomStringConvertible {
    package enum Stage: String, Sendable {
        /// `unresolvedConflicts`: the plan stage refused to run because files hold conflicts from an earlier run.
        case spec, render, plan, unresolvedConflicts, write
    }

    package var stage: Stage
    package var diagnostics: [Diagnostic]

    package init(stage: Stage, diagnostics: [Diagnostic]) {
        self.stage = stage
        self.diagnostics = diagnostics
    }

    package var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Where the built-in plugins live.
package enum BuiltInTemplates {
    /// `AUTHGEN_TEMPLATES`, else a `Templates/` folder beside or above the executable (a checkout's
    /// `.build/debug/authgen`), else the one in the source tree this binary was built from.
    package static func folder(executablePath: String = CommandLine.arguments.first ?? "") -> URL? {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["AUTHGEN_TEMPLATES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("Templates"))
            directory = directory.deletingLastPathComponent()
        }
        let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(sourceRoot.appendingPathComponent("Templates"))
        return candidates.first { folder in
            let contents = (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? []
            return contents.contains { fileManager.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent("plugin.yaml").path) }
        }
    }
}
