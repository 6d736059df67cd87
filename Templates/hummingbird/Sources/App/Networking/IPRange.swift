import NIOCore

/// An IPv4 or IPv6 address with a prefix length, such as `10.0.0.0/8`, `::1` or `127.0.0.1` (a single address).
struct IPRange: Sendable, Equatable {
    let bytes: [UInt8]
    let prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(of: String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...bits).contains(length), !parts[1].hasPrefix("+") else { return nil }
            self.prefixLength = length
        } else {
            self.prefixLength = bits
        }
        self.bytes = bytes
    }

    /// Whether `address` (text, as a socket peer or an `X-Forwarded-For` entry gives it) is in the range.
    func contains(_ address: String) -> Bool {
        guard var other = Self.bytes(of: address) else { return false }
        // An IPv4 peer seen through an IPv6 socket (::ffff:a.b.c.d) is the IPv4 address.
        if other.count == 16, self.bytes.count == 4, other.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            other = Array(other.suffix(4))
        }
        guard other.count == self.bytes.count else { return false }
        var remaining = self.prefixLength
        for index in self.bytes.indices where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if self.bytes[index] & mask != other[index] & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// The 4 or 16 bytes of an address; nil for anything else (host names included).
    static func bytes(of text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 45,
            let address = try? SocketAddress(ipAddress: text, port: 0)
        else { return nil }
        switch address {
        case .v4(let v4):
            return withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
        case .v6(let v6):
            return withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        case .unixDomainSocket:
            return nil
        }
    }
}
