import Hummingbird

/// Who may call a route, as one word of the spec.
enum AccessLevel: String, Sendable, CaseIterable {
    /// Anyone; a token is not even read.
    case `public`
    /// Any active, logged-in user.
    case authenticated
    /// The item's author, or a superuser (checked by the controller once the item is loaded).
    case owner
    /// Superusers only.
    case superuser

    var needsLogin: Bool { self != .public }
}

/// Someone an access list names.
enum Principal: Hashable, Sendable {
    /// Any active, logged-in user.
    case authenticated
    /// The item's author (checked by the controller once the item is loaded).
    case owner
    case superuser
    /// A user the role was granted to.
    case role(Role)
}

/// Who may call a route: anyone, or a logged-in user who is any of a list of principals (`[owner, editor]`).
/// A superuser always may.
struct Access: Hashable, Sendable {
    /// Nil: public, no login needed.
    let principals: Set<Principal>?

    static let `public` = Access(principals: nil)
    static let authenticated = Access.anyOf(.authenticated)
    static let owner = Access.anyOf(.owner)
    static let superuser = Access.anyOf(.superuser)

    /// A logged-in user who is any of `principals`, or a superuser.
    static func anyOf(_ principals: Principal...) -> Access {
        precondition(!principals.isEmpty, "An access list names someone; use .public for everyone")
        return Access(principals: Set(principals))
    }

    init(_ level: AccessLevel) {
        switch level {
        case .public: self = .public
        case .authenticated: self = .authenticated
        case .owner: self = .owner
        case .superuser: self = .superuser
        }
    }

    private init(principals: Set<Principal>?) {
        self.principals = principals
    }

    var needsLogin: Bool { self.principals != nil }

    /// Whether every logged-in user may.
    var admitsAnyLogin: Bool { self.principals?.contains(.authenticated) ?? true }

    /// Whether the answer depends on the item (its author), so that the controller decides once it has loaded it.
    var dependsOnItem: Bool { self.principals?.contains(.owner) ?? false }

    /// Whether `user` may, whatever the item: a superuser, any logged-in user when the list says so, or a holder of
    /// a role it names.
    func allows(_ user: User) -> Bool {
        guard let principals = self.principals else { return true }
        if user.isSuperuser || self.admitsAnyLogin { return true }
        return user.roles.contains { principals.contains(.role($0)) }
    }

    /// Whether `user` may act on an item written by `authorID` (nil: no author, the author deleted their account).
    func allows(_ user: User, authorID: Int64?) -> Bool {
        self.allows(user) || (self.dependsOnItem && authorID == user.id)
    }

    /// The roles the list names, for documentation.
    var roles: [Role] {
        (self.principals ?? []).compactMap { principal in
            if case .role(let role) = principal { return role }
            return nil
        }.sorted()
    }

    /// Who may, in words: `owner, editor, superuser`; `public` or `authenticated` alone.
    var summary: String {
        guard self.needsLogin else { return "public" }
        if self.admitsAnyLogin { return "authenticated" }
        var names: [String] = self.dependsOnItem ? ["owner"] : []
        names += self.roles.map(\.rawValue)
        return (names + ["superuser"]).joined(separator: ", ")
    }
}

/// The access of each action of one resource.
struct ResourceAccess: Sendable {
    let list: Access
    let read: Access
    let create: Access
    let update: Access
    let delete: Access
}

extension RouterGroup where Context == AppRequestContext {
    /// A group whose routes demand `access`: a login for anything but public, then (unless the list admits any
    /// login, or its answer depends on the item and the controller decides) a superuser or a role it names.
    /// `scope`: the resource action the routes are for (`post:update`), which a scoped credential must hold; with
    /// none, the routes accept logins only.
    func requiring(
        _ access: Access,
        scope: String? = nil,
        tokens: TokenService,
        repository: any UserRepository,
        extensions: ExtensionServices
    ) -> RouterGroup<Context> {
        guard access.needsLogin else { return self.group() }
        let authenticator = JWTAuthenticator(tokens: tokens, repository: repository, extensions: extensions, scope: scope)
        let loggedIn = self.group()
            .add(middleware: NoStoreMiddleware())
            .add(middleware: authenticator)
            .add(middleware: RequireAuthenticationMiddleware())
        if access.admitsAnyLogin || access.dependsOnItem { return loggedIn }
        return loggedIn.add(middleware: RequireAccessMiddleware(access: access))
    }
}

extension AppRequestContext {
    /// For actions whose access depends on the item (`owner` in the list): the caller wrote the item, or is a
    /// superuser, or is anyone else the list names; otherwise 403. An item without author (its author deleted their
    /// account) is only for the others.
    func require(_ access: Access, authorID: Int64?) throws {
        let user = try self.requireIdentity().user
        guard access.allows(user, authorID: authorID) else { throw APIError.notEnoughPermissions }
    }
}

extension ResourceAccess {
    /// An owned item records its author, so creating one needs a login even where the spec says public.
    func withAuthorOnCreate() -> ResourceAccess {
        ResourceAccess(
            list: self.list,
            read: self.read,
            create: self.create == .public ? .authenticated : self.create,
            update: self.update,
            delete: self.delete
        )
    }
}
