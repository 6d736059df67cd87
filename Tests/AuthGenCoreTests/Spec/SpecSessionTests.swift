@testable import AuthGenCore
import Foundation
import Testing

@Suite("Spec: auth.session, auth.compat and auth.sessions")
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

    @Test("auth.sessions.list: off without the key, on with list: true, in the spec and the context")
    func sessionsList() throws {
        let plain = try #require(loadValidSpec(""))
        #expect(plain.auth.sessions.list == false)
        #expect(ContextBuilder().build(plain).auth.sessions.list == false)
        let on = try #require(loadValidSpec("auth: {sessions: {list: true}}\n"))
        #expect(on.auth.sessions.list == true)
        #expect(ContextBuilder().build(on).auth.sessions.list == true)
    }

    @Test("auth.sessions: a value that is not a boolean and an unknown key are refused where they are written")
    func sessionsMistakes() {
        let result = SpecLoader.parse(
            "version: 1\nproject: {name: app}\nauth:\n  sessions: {list: yes please, revoke: true}\n",
            file: "s.yaml"
        )
        #expect(result.spec == nil)
        #expect(result.diagnostics.map(\.description) == [
            "s.yaml:4:20: error: auth.sessions.list: expected a boolean (true or false), found a string 'yes please'",
            "s.yaml:4:32: error: unknown key 'revoke' in auth.sessions; known keys: list",
        ])
    }
}
