/// The Swift packages of the generated `Package.swift`: the framework plugin's `packages:` and those of every enabled
/// feature plugin, each package and each product once.
extension RenderContext {
    package struct Packages: Sendable, Equatable, Codable, ContextDescribed {
        package static let contextKeys: [ContextKey] = [
            .list("dependencies", of: Dependency.self, "Every package of every enabled plugin (the framework's first), each once: `.package(url:from:)`."),
            .list("appProducts", of: Product.self, "The products the `App` target depends on, each once, in plugin order."),
            .list("testProducts", of: Product.self, "The products the `AppTests` target depends on besides `App`, each once, in plugin order."),
        ]

        package var dependencies: [Dependency] = []
        package var appProducts: [Product] = []
        package var testProducts: [Product] = []

        package init() {}

        package struct Dependency: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("url", "The package's git URL."),
                .string("from", "The lowest version accepted: the highest `from` any enabled plugin asks for."),
                .string("identity", "SwiftPM's name of the package, e.g. `swift-nio-ssl`."),
            ]

            package var url: String
            package var from: String
            package var identity: String
        }

        package struct Product: Sendable, Equatable, Codable, ContextDescribed {
            package static let contextKeys: [ContextKey] = [
                .string("name", "The product, e.g. `NIOSSL`."),
                .string("package", "The identity of the package that has it, e.g. `swift-nio-ssl`."),
            ]

            package var name: String
            package var package: String
        }
    }
}

extension ContextBuilder {
    /// The `packages` of `plugins` (enabled, in render order) merged: one dependency per package identity, at the highest
    /// `from` asked for; each product once. Two plugins that name one package with different URLs, or versions of
    /// different major versions (which no single version satisfies), are an error at the second one's entry.
    package static func packages(of plugins: [Plugin]) throws(DiagnosticsError) -> RenderContext.Packages {
        var result = RenderContext.Packages()
        var firstEntry: [String: (plugin: String, package: PluginPackage)] = [:]
        var versions: [String: SemanticVersion] = [:]
        var problems: [Diagnostic] = []
        for plugin in plugins {
            for package in plugin.manifest.packages {
                let identity = package.identity
                if let first = firstEntry[identity] {
                    let place = "\(first.package.location.file):\(first.package.location.line):\(first.package.location.column)"
                    if Self.normalizedURL(first.package.url) != Self.normalizedURL(package.url) {
                        problems.append(.error(
                            "package '\(identity)' is \(first.package.url) in plugin '\(first.plugin)' (\(place)) but \(package.url) here; name the same URL",
                            at: package.location))
                        continue
                    }
                    let chosen = versions[identity] ?? first.package.from
                    if chosen.major != package.from.major {
                        problems.append(.error(
                            "package '\(identity)' from \(package.from) cannot be combined with \(chosen) asked by plugin '\(first.plugin)' (\(place)): no version satisfies both major versions",
                            at: package.location))
                        continue
                    }
                    versions[identity] = max(chosen, package.from)
                } else {
                    firstEntry[identity] = (plugin.name, package)
                    versions[identity] = package.from
                    result.dependencies.append(.init(url: package.url, from: "", identity: identity))
                }
                for name in package.products where !result.appProducts.contains(where: { $0.name == name && $0.package == identity }) {
                    result.appProducts.append(.init(name: name, package: identity))
                }
                for name in package.testProducts where !result.testProducts.contains(where: { $0.name == name && $0.package == identity }) {
                    result.testProducts.append(.init(name: name, package: identity))
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        for index in result.dependencies.indices {
            result.dependencies[index].from = versions[result.dependencies[index].identity]?.description ?? ""
        }
        return result
    }

    private static func normalizedURL(_ url: String) -> String {
        var text = url.lowercased()
        if text.hasSuffix(".git") { text.removeLast(4) }
        return text
    }
}
