@testable import AuthGenCore
import Foundation
import Testing

@Suite("plugin.yaml: packages")
struct PluginPackagesReaderTests {
    private func manifest(_ body: String) throws(DiagnosticsError) -> PluginManifest {
        try PluginManifestLoader.parse("name: mail\nkind: feature\nfiles: []\n" + body, file: "mail/plugin.yaml")
    }

    private func problems(_ body: String) -> [String] {
        featureManifestProblems(name: "mail", file: "mail/plugin.yaml", body)
    }

    @Test func readsURLVersionAndProducts() throws {
        let packages = try manifest("""
            packages:
              - url: https://github.com/apple/swift-nio-ssl.git
                from: "2.37.6"
                products: [NIOSSL]
                test_products: [NIOSSL]
              - url: https://github.com/hummingbird-project/swift-mustache
                from: 2.1.1
                products: [Mustache]
            """).packages
        #expect(packages.map(\.identity) == ["swift-nio-ssl", "swift-mustache"])
        #expect(packages.map(\.from.description) == ["2.37.6", "2.1.1"])
        #expect(packages[0].products == ["NIOSSL"] && packages[0].testProducts == ["NIOSSL"])
        #expect(packages[1].testProducts == [])
        #expect(packages[0].location.line == 5 && packages[0].location.column == 5)
        #expect(try manifest("").packages.isEmpty)
    }

    @Test func everyBadShapeIsAnErrorAtItsPlace() {
        #expect(problems("packages: swift-nio\n") == [
            "mail/plugin.yaml:4:11: error: 'packages' must be a list of entries, each with url, from and products",
        ])
        #expect(problems("""
            packages:
              - url: github.com/apple/swift-nio
                from: "2.37"
                products: [NIO-Core, NIOPosix, NIOPosix]
                product: [X]
              - url: https://github.com/apple/swift-nio.git
                from: "2.0.0"
              - url: https://github.com/apple/swift-nio.git
                from: "2.1.0"
                products: [NIOCore]
              - url: https://github.com/apple/swift-nio
                from: "2.1.0"
                products: [NIOCore]
            """) == [
            "mail/plugin.yaml:5:10: error: package url 'github.com/apple/swift-nio' is not valid; write the package's https git URL, e.g. https://github.com/apple/swift-nio-ssl.git",
            "mail/plugin.yaml:6:11: error: 'from' must be a version major.minor.patch (e.g. \"2.37.6\"), found '2.37'",
            "mail/plugin.yaml:7:16: error: 'NIO-Core' is not a product name; write the module name, e.g. NIOSSL",
            "mail/plugin.yaml:7:36: error: product 'NIOPosix' is listed twice in 'products'",
            "mail/plugin.yaml:8:5: error: unknown key 'product' in packages entry; did you mean 'products'?",
            "mail/plugin.yaml:9:5: error: packages entry needs 'products' (the products the App target imports, e.g. [NIOSSL]) or 'test_products'",
            "mail/plugin.yaml:14:5: error: package 'swift-nio' is listed twice (first at 11:5); keep one entry with every product",
        ])
        #expect(problems("packages:\n  - products: [A]\n") == [
            "mail/plugin.yaml:5:5: error: packages entry needs 'url'",
            "mail/plugin.yaml:5:5: error: packages entry needs 'from': the lowest version the server accepts, e.g. \"2.37.6\"",
        ])
    }
}

@Suite("Context: packages")
struct PackagesContextTests {
    private func plugin(_ name: String, _ packages: [(url: String, from: String, products: [String], tests: [String])]) -> Plugin {
        let manifest = PluginManifest(
            name: name, description: "", kind: .feature, enabledWhen: nil, files: [], smoke: nil,
            location: SourceLocation(file: "\(name)/plugin.yaml", line: 1, column: 1))
        var result = Plugin(manifest: manifest, templateFiles: [:], overridden: [:], folders: [])
        result.manifest.packages = packages.enumerated().map { index, entry in
            PluginPackage(url: entry.url, from: SemanticVersion(entry.from)!, products: entry.products, testProducts: entry.tests,
                          location: SourceLocation(file: "\(name)/plugin.yaml", line: 5 + index * 4, column: 5))
        }
        return result
    }

    private let framework = ("https://github.com/apple/swift-nio.git", "2.80.0", ["NIOCore"], ["NIOCore"])

    @Test func eachPackageAndProductOnceAtTheHighestVersion() throws {
        let packages = try ContextBuilder.packages(of: [
            plugin("hummingbird", [framework, ("https://github.com/apple/swift-crypto.git", "4.5.2", ["Crypto"], [])]),
            plugin("email", [
                ("https://github.com/apple/swift-nio", "2.101.3", ["NIOCore", "NIOPosix"], []),
                ("https://github.com/apple/swift-nio-ssl.git", "2.37.6", ["NIOSSL"], ["NIOSSL"]),
            ]),
            plugin("other", [("https://github.com/apple/swift-nio-ssl.git", "2.30.0", ["NIOSSL"], [])]),
        ])
        #expect(packages.dependencies == [
            .init(url: "https://github.com/apple/swift-nio.git", from: "2.101.3", identity: "swift-nio"),
            .init(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2", identity: "swift-crypto"),
            .init(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6", identity: "swift-nio-ssl"),
        ])
        #expect(packages.appProducts.map { "\($0.package)/\($0.name)" }
            == ["swift-nio/NIOCore", "swift-crypto/Crypto", "swift-nio/NIOPosix", "swift-nio-ssl/NIOSSL"])
        #expect(packages.testProducts.map { "\($0.package)/\($0.name)" } == ["swift-nio/NIOCore", "swift-nio-ssl/NIOSSL"])
    }

    @Test func anotherMajorVersionOrAnotherURLIsAnErrorAtTheSecondPlugin() {
        #expect {
            try ContextBuilder.packages(of: [
                plugin("hummingbird", [framework]),
                plugin("email", [("https://github.com/apple/swift-nio.git", "3.0.0", ["NIOCore"], [])]),
                plugin("fork", [("https://example.com/me/swift-nio.git", "2.80.0", ["NIOCore"], [])]),
            ])
        } throws: { error in
            (error as? DiagnosticsError)?.diagnostics.map(\.description) == [
                "email/plugin.yaml:5:5: error: package 'swift-nio' from 3.0.0 cannot be combined with 2.80.0 asked by plugin 'hummingbird' (hummingbird/plugin.yaml:5:5): no version satisfies both major versions",
                "fork/plugin.yaml:5:5: error: package 'swift-nio' is https://github.com/apple/swift-nio.git in plugin 'hummingbird' (hummingbird/plugin.yaml:5:5) but https://example.com/me/swift-nio.git here; name the same URL",
            ]
        }
    }
}

/// A feature plugin's `packages` reach the generated Package.swift of the hummingbird framework, beside its own.
@Suite("Package.swift: packages of feature plugins")
struct FeaturePackagesRenderTests {
    static let templates = Fixtures.repository.appendingPathComponent("Templates")

    private func packageSwift(plugin manifest: String?) throws -> String {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var extra = ""
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        if let manifest {
            _ = try folder.write(manifest, to: "plugins/mailer/plugin.yaml")
            _ = try folder.write("// mailer\n", to: "plugins/mailer/Sources/App/Mailer/Mailer.swift")
            extra = "plugins:\n  mailer: {}\n"
        }
        let blog = try Fixtures.blogSpecWithoutMail()
        let path = try folder.write(blog + extra, to: "blog.yaml").path
        let generator = Generator(pluginFolders: [Self.templates, folder.url.appendingPathComponent("plugins")], contextBuilder: fixedSecretBuilder)
        let project = try generator.render(try generator.loadSpec(at: path).spec)
        let file = try #require(project.files.first { $0.path == "Package.swift" })
        return String(decoding: file.contents, as: UTF8.self)
    }

    @Test func newPackagesAndProductsAreAddedAndKnownOnesAreNotRepeated() throws {
        let plain = try packageSwift(plugin: nil)
        let with = try packageSwift(plugin: """
            name: mailer
            kind: feature
            packages:
              - url: https://github.com/apple/swift-nio-ssl.git
                from: "2.37.6"
                products: [NIOSSL]
                test_products: [NIOSSL]
              - url: https://github.com/apple/swift-crypto.git
                from: "4.5.2"
                products: [Crypto]
                test_products: [Crypto]
            """)
        #expect(!plain.contains("swift-nio-ssl"))
        #expect(with.contains(#"        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),"# + "\n    ],"))
        #expect(with.contains(#"                .product(name: "NIOSSL", package: "swift-nio-ssl"),"# + "\n            ]\n        ),\n        .testTarget("))
        #expect(with.hasSuffix(#"                .product(name: "NIOSSL", package: "swift-nio-ssl"),"# + "\n            ]\n        ),\n    ]\n)\n"))
        // swift-crypto is the framework's: one dependency, one product in each target, as without the plugin.
        for line in [#".package(url: "https://github.com/apple/swift-crypto.git""#, #".product(name: "Crypto", package: "swift-crypto")"#] {
            #expect(with.components(separatedBy: line).count == plain.components(separatedBy: line).count, "\(line)")
        }
        #expect(plain.components(separatedBy: #".product(name: "Crypto", package: "swift-crypto")"#).count == 3)
    }
}
