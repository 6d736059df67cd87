@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: lockout, trusted proxies, body size and text lengths")
struct SpecHardeningTests {

    @Test("without the keys: lockout after 10 for 15m, no trusted proxy, 1MB bodies")
    func defaults() throws {
        let spec = try #require(loadValidSpec(""))
        #expect(spec.auth.lockout == Spec.Auth.Lockout(enabled: true, after: 10, duration: Duration(seconds: 900, text: "15m")))
        #expect(spec.server.trustedProxies == [])
        #expect(spec.server.maxBodySize == ByteSize(bytes: 1_048_576, text: "1MB"))
    }

    @Test("auth.lockout: a mapping, partial mappings take the other default, and off in both spellings")
    func lockout() throws {
        #expect(try #require(loadValidSpec("auth: {lockout: {after: 3, for: 2h}}\n")).auth.lockout
            == Spec.Auth.Lockout(after: 3, duration: Duration(seconds: 7200, text: "2h")))
        #expect(try #require(loadValidSpec("auth: {lockout: {after: 5}}\n")).auth.lockout.duration.seconds == 900)
        #expect(try #require(loadValidSpec("auth: {lockout: off}\n")).auth.lockout == .off)
        #expect(try #require(loadValidSpec("auth: {lockout: \"off\"}\n")).auth.lockout == .off)
    }

    @Test("server.max_body_size units", arguments: [("512B", 512), ("64KB", 65536), ("2MB", 2_097_152), ("1024MB", 1_073_741_824)])
    func bodySizes(text: String, bytes: Int) throws {
        #expect(try #require(loadValidSpec("server: {max_body_size: \(text)}\n")).server.maxBodySize == ByteSize(bytes: bytes, text: text))
    }

    @Test("server.trusted_proxies keeps addresses and ranges of both families")
    func trustedProxies() throws {
        let spec = try #require(loadValidSpec("server: {trusted_proxies: [127.0.0.1, 10.0.0.0/8, \"::1\", \"fd00::/8\"]}\n"))
        #expect(spec.server.trustedProxies == ["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"])
    }

    @Test("a text field may have max_length, and it is not part of the table's column")
    func textMaxLength() throws {
        let spec = try #require(loadValidSpec("resources:\n  - name: note\n    fields:\n      body: {type: text, max_length: 500}\n"))
        let field = try #require(spec.resources.first?.fields.first)
        #expect(field.maxLength == 500)
        #expect(MigrationHistory.Column(field).maxLength == nil)
    }

    @Test("the context carries the values the server's defaults print")
    func context() throws {
        let spec = try #require(loadValidSpec("server: {trusted_proxies: [127.0.0.1, 10.0.0.0/8], max_body_size: 64KB}\nauth: {lockout: off}\n"
            + "resources:\n  - name: note\n    fields:\n      body: {type: text, max_length: 500}\n"))
        let context = fixedSecretBuilder.build(spec)
        #expect(context.server.trustedProxiesLiteral == #"["127.0.0.1", "10.0.0.0/8"]"#)
        #expect(context.server.trustedProxiesCSV == "127.0.0.1,10.0.0.0/8")
        #expect(context.server.maxBodySizeBytes == 65536)
        #expect(context.auth.lockout.after == 0)
        #expect(!context.auth.lockout.enabled)
        #expect(context.resources.first?.fields.first?.typeSwift == ".text(maxLength: 500)")
        #expect(context.resources.first?.fields.first?.hasMaxLength == true)
        let on = fixedSecretBuilder.build(try #require(loadValidSpec("")))
        #expect(on.auth.lockout == .init(enabled: true, after: 10, seconds: 900, duration: "15m"))
    }
}
