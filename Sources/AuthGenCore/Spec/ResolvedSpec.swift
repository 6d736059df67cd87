import Foundation

/// The spec stage's result with its plugins resolved: the enabled plugins in render order (the framework first, then
/// each feature plugin that its `enabled_when` or the spec's `plugins:` turns on) and what they add to the server.
/// Produced by `Generator.resolve`; the context stage reads it and nothing changes it afterwards.
package struct ResolvedSpec: Sendable {
    /// The validated spec; its plugin options were checked against the plugins' manifests when it was read.
    package var spec: Spec
    /// The enabled plugins, in render order.
    package var plugins: [Plugin]
    /// The enabled plugins' `server_extensions`, each type once, in plugin order.
    package var serverExtensions: [RenderContext.ServerExtension]
    /// The enabled plugins' `settings`, their defaults taken from the options where a setting names one.
    package var pluginSettings: [RenderContext.PluginSettingValue]
    /// The enabled plugins' `packages`, merged: the dependencies of the generated `Package.swift`.
    package var packages: RenderContext.Packages
    /// The enabled plugins' `user_fields`: columns of `users`.
    package var userFields: [RenderContext.UserField] = []

    package init(spec: Spec, plugins: [Plugin], serverExtensions: [RenderContext.ServerExtension],
                pluginSettings: [RenderContext.PluginSettingValue] = [], packages: RenderContext.Packages = .init()) {
        self.spec = spec
        self.plugins = plugins
        self.serverExtensions = serverExtensions
        self.pluginSettings = pluginSettings
        self.packages = packages
    }

    /// The plugin templates that render one file per migration (`for_each: migrations`), as `plugin/template`.
    package var migrationTemplates: Set<String> {
        Set(plugins.flatMap { plugin in
            plugin.manifest.files.filter { $0.forEach == "migrations" }.map { plugin.name + "/" + $0.template }
        })
    }
}
