@testable import AuthGenCore
import Foundation
import Testing

/// The signing key of a new `.env` for ES256 and EdDSA, made without a cryptography library. The exact DER frames
/// were checked once with `openssl pkey -text` (it reads both and derives the public key).
@Suite struct PrivateKeyPEMTests {
    static let order: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ]

    static func der(of pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(try #require(Data(base64Encoded: body)))
    }

    @Test func es256IsASEC1KeyOnP256WhoseScalarIsBelowTheOrder() throws {
        let key = Array(repeating: UInt8(0x2A), count: 32)
        // The order itself, then zero, are not private keys: drawn again until the bytes are one.
        var draws = [Self.order, Array(repeating: 0, count: 32), key]
        let pem = try #require(PrivateKeyPEM.make(for: .es256) { draws.removeFirst() })
        #expect(draws.isEmpty)
        #expect(pem.hasPrefix("-----BEGIN EC PRIVATE KEY-----\n") && pem.hasSuffix("\n-----END EC PRIVATE KEY-----"))
        let der = try Self.der(of: pem)
        #expect(der.count == 51)
        #expect(Array(der[0..<7]) == [0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20])
        #expect(Array(der[7..<39]) == key)
        #expect(Array(der[39...]) == [0xA0, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07])
        var below = Self.order
        below[31] -= 1
        #expect(try Self.der(of: #require(PrivateKeyPEM.make(for: .es256) { below }))[7..<39].elementsEqual(below))
    }

    @Test func eddsaIsAPKCS8Ed25519Key() throws {
        let seed = (0..<32).map { UInt8($0) }
        let pem = try #require(PrivateKeyPEM.make(for: .eddsa) { seed })
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let der = try Self.der(of: pem)
        #expect(Array(der[0..<16]) == [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])
        #expect(Array(der[16...]) == seed)
    }

    @Test func hmacHasNoPrivateKey() {
        for algorithm in [Spec.Auth.JWT.Algorithm.hs256, .hs384, .hs512] {
            #expect(PrivateKeyPEM.make(for: algorithm) { Issue.record("no bytes needed"); return [] } == nil)
        }
    }

    /// The new `.env` carries the key on one quoted line (ES256, EdDSA), fresh at each generation; HS256 has none.
    @Test func theEnvironmentValueIsFreshAndOneLineOnlyForAsymmetricAlgorithms() throws {
        var spec = ContextBuilderTests().blog
        spec.auth.jwt.algorithm = .es256
        let first = ContextBuilder().build(spec).secrets.jwtPrivateKeys
        let second = ContextBuilder().build(spec).secrets.jwtPrivateKeys
        #expect(first.hasPrefix(#""-----BEGIN EC PRIVATE KEY-----\n"#) && first.hasSuffix(#"\n-----END EC PRIVATE KEY-----""#))
        #expect(!first.contains("\n") && first != second)
        spec.auth.jwt.algorithm = .hs256
        #expect(ContextBuilder().build(spec).secrets.jwtPrivateKeys == "")
        let printable = try Generator(pluginFolders: []).printableContext(for: { var es = ContextBuilderTests().blog; es.auth.jwt.algorithm = .eddsa; return es }())
        #expect(!printable.secrets.jwtPrivateKeys.contains("BEGIN"))
    }
}
