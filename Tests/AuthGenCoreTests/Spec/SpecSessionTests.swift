@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: auth.session and auth.compat")
struct SpecSessionTests {

    @Test("without the keys: sessions last 30 days, the refresh token only in the body")
    func defaults() throws {
        let spec = try #require(loadValidSpec(""))
        #expect(spec.auth.session == Spec.Auth.Session(maxLifetime: Duration(seconds: 30 * 86400, text: "30d")))
        #expect(spec.auth.compat.refreshTokenInQuery == false)
        let context = ContextBuilder().build(spec)
        #expect(context.auth.session == .init(maxLifetime: "30d", maxLifetimeSeconds: 2_592_000))
        #expect(context.auth.compat.refreshTokenInQuery == false)
    }

    @Test("auth.session.max_lifetime and auth.compat.refresh_token_in_query reach the context")
    func values() throws {
        let spec = try #require(loadValidSpec("auth: {session: {max_lifetime: 90d}, compat: {refresh_token_in_query: true}}\n"))
        #expect(spec.auth.session.maxLifetime == Duration(seconds: 90 * 86400, text: "90d"))
        let context = ContextBuilder().build(spec)
        #expect(context.auth.session.maxLifetimeSeconds == 7_776_000)
        #expect(context.auth.compat.refreshTokenInQuery == true)
    }

    @Test("a session shorter than a refresh token is refused where it is written")
    func shorterThanARefreshToken() {
        let result = SpecLoader.parse(
            "version: 1\nproject: {name: app}\nauth:\n  jwt: {refresh_token_ttl: 7d}\n  session: {max_lifetime: 1d}\n",
            file: "s.yaml"
        )
        #expect(result.spec == nil)
        #expect(result.diagnostics.map(\.description) == [
            "s.yaml:5:27: error: auth.session.max_lifetime (1d) is shorter than auth.jwt.refresh_token_ttl (7d); lengthen max_lifetime or shorten refresh_token_ttl",
        ])
    }
}
