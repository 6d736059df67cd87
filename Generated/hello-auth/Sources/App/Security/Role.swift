/// A role of the spec that a superuser grants to users; access lists name them. A superuser may do everything
/// without one. Stored in `users.roles`, separated by spaces.
struct Role: RawRepresentable, Hashable, Sendable, Comparable {
    let rawValue: String

    /// Nil for a name the spec does not know (a role since removed from it): such a role gives nothing.
    init?(rawValue: String) {
        guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    private init(known name: String) {
        self.rawValue = name
    }


    /// Every role of the spec, in spec order.
    static let all: [Role] = []

    /// What each role is for, as the spec says.
    var summary: String {
        switch self.rawValue {
        default: ""
        }
    }

    static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The roles of a `users.roles` value; names the spec no longer has are left out.
    static func set(stored: String) -> Set<Role> {
        Set(stored.split(separator: " ").compactMap { Role(rawValue: String($0)) })
    }
}
