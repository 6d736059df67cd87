import Foundation
import Yams

/// One entry of a plugin's `packages:`: a Swift package the generated `Package.swift` depends on, and the products of it
/// that the server's `App` target (and, with `test_products`, its `AppTests` target) use. The framework plugin lists
/// its own packages the same way, so a feature that names a package the framework already has adds nothing twice.
package struct PluginPackage: Sendable, Equatable {
    /// The package's git URL, e.g. `https://github.com/apple/swift-nio-ssl.git`.
    package var url: String
    /// The lowest version the server accepts (`from:`, SwiftPM's up-to-next-major rule): `major.minor.patch`.
    package var from: SemanticVersion
    /// Products of the package the `App` target depends on.
    package var products: [String]
    /// Products of the package the `AppTests` target depends on (besides `App` itself).
    package var testProducts: [String]
    package var location: SourceLocation

    /// SwiftPM's identity of the package, what `.product(name:package:)` names: the URL's last path component without
    /// `.git`, lower-cased (`https://github.com/apple/swift-nio-ssl.git` → `swift-nio-ssl`).
    package var identity: String { Self.identity(of: url) }

    package static func identity(of url: String) -> String {
        var last = url.split(separator: "/").last.map(String.init) ?? url
        if last.hasSuffix(".git") { last.removeLast(4) }
        return last.lowercased()
    }
}

/// A version `major.minor.patch`, compared numerically.
package struct SemanticVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    package var major: Int
    package var minor: Int
    package var patch: Int

    package init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2]) else { return nil }
        (self.major, self.minor, self.patch) = (major, minor, patch)
    }

    package var description: String { "\(major).\(minor).\(patch)" }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}

/// Reads `packages:` of a `plugin.yaml`, reporting every problem at its line and column.
struct PluginPackagesReader {
    static let keys = ["url", "from", "products", "test_products"]
    /// A product is a Swift module name: a letter or `_`, then letters, digits and `_`.
    static let productPattern = "^[A-Za-z_][A-Za-z0-9_]*$"
    static let urlPattern = "^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)+$"

    private var list: ManifestListReader
    var problems: [Diagnostic] { list.problems }

    init(file: String) {
        self.list = ManifestListReader(file: file, list: "packages", keys: Self.keys, shape: "url, from and products")
    }

    private func place(_ node: Node) -> SourceLocation {
        list.place(node)
    }

    private mutating func error(_ message: String, at node: Node) {
        list.error(message, at: node)
    }

    mutating func read(_ node: Node) -> [PluginPackage] {
        var packages: [PluginPackage] = []
        for item in list.entries(of: node) {
            guard let package = readPackage(item) else { continue }
            if let first = packages.first(where: { $0.identity == package.identity }) {
                error("package '\(package.identity)' is listed twice (first at \(first.location.line):\(first.location.column)); keep one entry with every product", at: item)
                continue
            }
            packages.append(package)
        }
        return packages
    }

    private mutating func readPackage(_ item: Node) -> PluginPackage? {
        guard let members = list.members(of: item) else { return nil }
        var valid = true
        var url = ""
        if let node = members["url"] {
            url = node.scalar?.string ?? ""
            if !SpecScalarReader.matches(url, Self.urlPattern) {
                error("package url '\(YAMLNodeKind.shortened(url))' is not valid; write the package's https git URL, e.g. https://github.com/apple/swift-nio-ssl.git", at: node)
                valid = false
            }
        } else {
            error("packages entry needs 'url'", at: item)
            valid = false
        }
        var version: SemanticVersion?
        if let node = members["from"] {
            // A YAML scalar such as 2.37 would be read as a number: take the text as written.
            let text = node.scalar?.string ?? ""
            version = SemanticVersion(text)
            if version == nil {
                error("'from' must be a version major.minor.patch (e.g. \"2.37.6\"), found '\(YAMLNodeKind.shortened(text))'", at: node)
                valid = false
            }
        } else {
            error("packages entry needs 'from': the lowest version the server accepts, e.g. \"2.37.6\"", at: item)
            valid = false
        }
        func names(_ key: String) -> [String] {
            guard let node = members[key] else { return [] }
            guard let sequence = node.sequence else {
                error("'\(key)' must be a list of product names, e.g. [NIOSSL]", at: node)
                valid = false
                return []
            }
            var result: [String] = []
            for entry in sequence {
                guard let name = entry.scalar?.string, SpecScalarReader.matches(name, Self.productPattern) else {
                    error("'\(YAMLNodeKind.shortened(entry.scalar?.string ?? ""))' is not a product name; write the module name, e.g. NIOSSL", at: entry)
                    valid = false
                    continue
                }
                if result.contains(name) {
                    error("product '\(name)' is listed twice in '\(key)'", at: entry)
                    valid = false
                    continue
                }
                result.append(name)
            }
            return result
        }
        let products = names("products")
        let testProducts = names("test_products")
        if valid, products.isEmpty, testProducts.isEmpty {
            error("packages entry needs 'products' (the products the App target imports, e.g. [NIOSSL]) or 'test_products'", at: item)
            valid = false
        }
        guard valid, let version else { return nil }
        return PluginPackage(url: url, from: version, products: products, testProducts: testProducts, location: place(item))
    }
}
