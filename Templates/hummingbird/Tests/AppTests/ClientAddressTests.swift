import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import App

@Suite("Client address and trusted proxies")
struct ClientAddressTests {
    static func ranges(_ texts: [String]) throws -> [IPRange] {
        try texts.map { try #require(IPRange($0)) }
    }

    @Test(arguments: TestDatabase.available)
    func aSpoofedForwardedForDoesNotResetTheAddressLimit(database: TestDatabase) async throws {
        try await withApp(on: database, with: RateLimitTests.limited) { client, app in
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<4 {
                // A new username each time, so that only the per-address limit can apply.
                let response = try await client.execute(
                    uri: "\(app.prefix)/token",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: "203.0.113.\(index)"],
                    body: ByteBuffer(string: "username=spoof\(index)&password=Wrong%23Garden42")
                )
                statuses.append(response.status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
        }
    }

    @Test func withoutTrustedProxiesThePeerIsTheClient() {
        let address = ClientAddressMiddleware.clientAddress(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"], trustedProxies: [])
        #expect(address == "198.51.100.7")
    }

    @Test func anUntrustedPeerCannotNameAnotherClient() throws {
        let proxies = try Self.ranges(["10.0.0.0/8"])
        let address = ClientAddressMiddleware.clientAddress(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"], trustedProxies: proxies)
        #expect(address == "198.51.100.7")
    }

    @Test func aTrustedProxyNamesTheRightMostUntrustedAddress() throws {
        let proxies = try Self.ranges(["127.0.0.1", "10.0.0.0/8"])
        // The client put a fake address first; the proxies appended the real one and themselves.
        let address = ClientAddressMiddleware.clientAddress(
            peer: "127.0.0.1",
            forwardedFor: ["1.2.3.4, 203.0.113.9", "10.1.2.3"],
            trustedProxies: proxies
        )
        #expect(address == "203.0.113.9")
    }

    @Test func garbageInTheChainStopsAtThePeer() throws {
        let proxies = try Self.ranges(["127.0.0.1"])
        #expect(ClientAddressMiddleware.clientAddress(peer: "127.0.0.1", forwardedFor: ["not-an-ip"], trustedProxies: proxies) == "127.0.0.1")
        #expect(ClientAddressMiddleware.clientAddress(peer: "127.0.0.1", forwardedFor: [], trustedProxies: proxies) == "127.0.0.1")
    }

    @Test func ipv6AddressesCountByTheirSlash64() {
        #expect(ClientAddressMiddleware.limitKey(for: "2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64")
        #expect(ClientAddressMiddleware.limitKey(for: "2001:0db8:0001:0002::1") == "2001:db8:1:2::/64")
        #expect(ClientAddressMiddleware.limitKey(for: "2001:db8:1:3::1") == "2001:db8:1:3::/64")
        #expect(ClientAddressMiddleware.limitKey(for: "::1") == "0:0:0:0::/64")
        #expect(ClientAddressMiddleware.limitKey(for: "::ffff:192.0.2.7") == "192.0.2.7")
        #expect(ClientAddressMiddleware.limitKey(for: "192.0.2.7") == "192.0.2.7")
        #expect(ClientAddressMiddleware.limitKey(for: "unknown") == "unknown")
    }

    @Test func rangesMatchByPrefix() throws {
        let range = try #require(IPRange("10.0.0.0/8"))
        #expect(range.contains("10.255.0.1"))
        #expect(!range.contains("11.0.0.1"))
        #expect(range.contains("::ffff:10.1.1.1"))
        let v6 = try #require(IPRange("2001:db8::/32"))
        #expect(v6.contains("2001:db8:1::5"))
        #expect(!v6.contains("2001:db9::5"))
        #expect(try #require(IPRange("::1")).contains("::1"))
        for bad in ["10.0.0.0/33", "300.1.1.1", "proxy.local", "", "1.2.3", "::1/129", "10.0.0.0/-1"] {
            #expect(IPRange(bad) == nil, "\(bad)")
        }
    }

    @Test func trustedProxiesComeFromTheEnvironment() throws {
        let settings = try Settings(environment: ["TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"])
        #expect(settings.trustedProxies == (try Self.ranges(["127.0.0.1", "10.0.0.0/8"])))
        #expect(throws: SettingsError.self) { try Settings(environment: ["TRUSTED_PROXIES": "proxy.local"]) }
        #expect(try Settings(environment: [:]).trustedProxies.count == SpecDefaults.trustedProxies.count)
    }
}
