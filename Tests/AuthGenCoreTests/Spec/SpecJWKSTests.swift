@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: auth.jwt.jwks")
struct SpecJWKSTests {
    @Test("by default on for ES256 and EdDSA, off for HS256/384/512; jwks: false turns it off")
    func defaults() throws {
        for (algorithm, published) in [("HS256", false), ("HS384", false), ("HS512", false), ("ES256", true), ("EdDSA", true)] {
            let spec = try #require(loadValidSpec("auth: {jwt: {algorithm: \(algorithm)}}\n"))
            #expect(spec.auth.jwt.publishesJWKS == published)
            #expect(ContextBuilder().build(spec).auth.jwt.jwks == published)
        }
        let off = try #require(loadValidSpec("auth: {jwt: {algorithm: ES256, jwks: false}}\n"))
        #expect(ContextBuilder().build(off).auth.jwt.jwks == false)
        let explicit = try #require(loadValidSpec("auth: {jwt: {algorithm: EdDSA, jwks: true}}\n"))
        #expect(ContextBuilder().build(explicit).auth.jwt.jwks == true)
    }

    @Test("jwks: true with a shared secret is refused where it is written, with the fix")
    func refusedWithHMAC() {
        let result = SpecLoader.parse(
            "version: 1\nproject: {name: app}\nauth:\n  jwt:\n    algorithm: HS384\n    jwks: true\n",
            file: "s.yaml"
        )
        #expect(result.spec == nil)
        #expect(result.diagnostics.map(\.description) == [
            "s.yaml:6:11: error: auth.jwt.jwks: HS384 signs with a shared secret, which cannot be published; set algorithm: ES256 or EdDSA, or remove jwks: true",
        ])
    }
}
