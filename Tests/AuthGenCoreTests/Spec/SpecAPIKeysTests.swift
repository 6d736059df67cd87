@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: auth.api_keys")
struct SpecAPIKeysTests {
    static let resource = "resources:\n  - name: post\n    fields: {title: {type: string}}\n"

    @Test("off without the key; on with its limits, in the spec and the context (the plugin's setting defaults)")
    func defaultsAndValues() throws {
        let plain = try #require(loadValidSpec(Self.resource))
        #expect(plain.auth.apiKeys == Spec.Auth.APIKeys())
        #expect(ContextBuilder().build(plain).auth.apiKeys.enabled == false)

        let on = try #require(loadValidSpec("auth: {api_keys: {enabled: true}}\n" + Self.resource))
        #expect(on.auth.apiKeys == Spec.Auth.APIKeys(enabled: true, maxPerUser: 10, maxTTL: Duration(seconds: 365 * 86400, text: "365d")))
        let context = ContextBuilder().build(on).auth.apiKeys
        #expect(context == .init(enabled: true, maxPerUser: 10, maxTTL: "365d", maxTTLSeconds: 31_536_000, keyPrefix: "app_"))

        let tuned = try #require(loadValidSpec("auth: {api_keys: {enabled: true, max_per_user: 3, max_ttl: 90d}}\n" + Self.resource))
        #expect(ContextBuilder().build(tuned).auth.apiKeys == .init(enabled: true, maxPerUser: 3, maxTTL: "90d", maxTTLSeconds: 7_776_000, keyPrefix: "app_"))
        #expect(ContextBuilder.apiKeyPrefix(projectName: "blog-api-2") == "blogapi2_")
    }

    @Test("a limit out of range, a wrong type and an unknown key are refused where they are written, with the fix")
    func mistakes() {
        let result = SpecLoader.parse(
            "version: 1\nproject: {name: app}\nauth:\n  api_keys: {enabled: yes please, max_per_user: 0, max_ttl: 30m, scopes: all}\n" + Self.resource,
            file: "s.yaml"
        )
        #expect(result.spec == nil)
        #expect(result.diagnostics.map(\.description) == [
            "s.yaml:4:23: error: auth.api_keys.enabled: expected a boolean (true or false), found a string 'yes please'",
            "s.yaml:4:49: error: auth.api_keys.max_per_user: 0 is out of range; use a value from 1 to 1000",
            "s.yaml:4:61: error: auth.api_keys.max_ttl: '30m' is too short; use at least 1h (the server's API_KEYS_MAX_TTL_SECONDS takes at least 3600)",
            "s.yaml:4:66: error: unknown key 'scopes' in auth.api_keys; known keys: enabled, max_per_user, max_ttl",
        ])
    }

    @Test("keys are scoped to resource actions: enabled without a resource is refused at enabled, with the fix")
    func needsAResource() {
        let result = SpecLoader.parse("version: 1\nproject: {name: app}\nauth:\n  api_keys:\n    enabled: true\n", file: "s.yaml")
        #expect(result.spec == nil)
        #expect(result.diagnostics.map(\.description) == [
            "s.yaml:5:14: error: auth.api_keys.enabled: an API key's scopes are resource actions (post:read), and the spec has no resources; add one under resources, or remove api_keys",
        ])
        // Off, no resource is needed.
        #expect(loadValidSpec("auth: {api_keys: {enabled: false}}\n") != nil)
    }
}
