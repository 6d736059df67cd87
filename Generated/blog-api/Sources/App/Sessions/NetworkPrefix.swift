/// What the session list shows of a client address: its network, never the address itself (IPv4 /24, IPv6 /48).
enum NetworkPrefix {
    /// `203.0.113.77` → `203.0.113.0/24`; `2001:db8:abcd:12::1` or the /64 rate-limit key
    /// `2001:db8:abcd:12::/64` → `2001:db8:abcd::/48`; nil for anything else (`unknown`).
    static func of(_ address: String) -> String? {
        let bare = address.split(separator: "/", maxSplits: 1).first.map(String.init) ?? address
        guard let bytes = IPRange.bytes(of: bare) else { return nil }
        if bytes.count == 4 {
            return bytes.prefix(3).map(String.init).joined(separator: ".") + ".0/24"
        }
        if bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            return bytes[12..<15].map(String.init).joined(separator: ".") + ".0/24"
        }
        let groups = stride(from: 0, to: 6, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/48"
    }
}
