import Hummingbird

/// Who may call a resource action, as the spec says it.
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

/// The access level of each action of one resource.
struct ResourceAccess: Sendable {
    let list: AccessLevel
    let read: AccessLevel
    let create: AccessLevel
    let update: AccessLevel
    let delete: AccessLevel
}

extension RouterGroup where Context == AppRequestContext {
    /// A group whose routes demand `level`: a login for anything but public, a superuser for superuser.
    /// `scope`: the resource action the routes are for (`post:update`), which a scoped credential must hold; with
    /// none, the routes accept logins only.
    func requiring(
        _ level: AccessLevel,
        scope: String? = nil,
        tokens: TokenService,
        repository: any UserRepository,
        extensions: ExtensionServices
    ) -> RouterGroup<Context> {
        let authenticator = JWTAuthenticator(tokens: tokens, repository: repository, extensions: extensions, scope: scope)
        switch level {
        case .public:
            return self.group()
        case .authenticated, .owner:
            return self.group()
                .add(middleware: NoStoreMiddleware())
                .add(middleware: authenticator)
                .add(middleware: RequireAuthenticationMiddleware())
        case .superuser:
            return self.group()
                .add(middleware: NoStoreMiddleware())
                .add(middleware: authenticator)
                .add(middleware: RequireAuthenticationMiddleware())
                .add(middleware: RequireSuperuserMiddleware())
        }
    }
}

extension AppRequestContext {
    /// For `owner` actions: the caller wrote the item or is a superuser; otherwise 403. An item without author
    /// (its author deleted their account) is only a superuser's.
    func requireOwnerOrSuperuser(authorID: Int64?) throws {
        let user = try self.requireIdentity().user
        guard user.id == authorID || user.isSuperuser else { throw APIError.notEnoughPermissions }
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
