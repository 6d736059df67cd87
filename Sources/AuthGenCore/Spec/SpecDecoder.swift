import Yams

/// Decodes the YAML node tree into a `Spec`, reporting every problem; nil when any error was found.
struct SpecDecoder {
    let sink: SpecDiagnostics
    /// The plugins found, to check `plugins` against; nil when they are not known.
    var plugins: [String: PluginManifest]? = nil

    func decode(_ root: Node) -> Spec? {
        guard let reader = MappingReader(SpecNode(node: root, path: "", schemaPath: ""), shape: SpecKeys.root, sink: sink) else {
            return nil
        }
        let version = reader.integer("version")
        let project = reader.object("project").map(decodeProject)
        let projectName = project.located?.value.name ?? "app"
        let server = reader.object("server").map(decodeServer)
        let database = reader.object("database").map { decodeDatabase($0, projectName: projectName) }
        // Before auth, whose API keys need resources (diagnostics are sorted by position).
        let roles = reader.namedObjects("roles").map(decodeRoles)
        let roleNames = roles.value(or: [])?.map(\.name)
        let resources = reader.objectList("resources").map { SpecResourceDecoder(sink: sink, roles: roleNames).decode($0) }
        let hasResources = resources.located.map { !$0.value.isEmpty } ?? resources.isInvalid
        let auth = reader.object("auth").map { SpecAuthDecoder(sink: sink).decode($0, projectName: projectName, hasResources: hasResources) }
        let cors = reader.object("cors").map(decodeCORS)
        let production = reader.object("production").map(decodeProduction)
        let docs = reader.object("docs").map(decodeDocs)
        let docker = reader.object("docker").map(decodeDocker)
        let account = reader.object("account").map(decodeAccount)
        let email = reader.object("email").map(decodeEmail)
        let plugins = reader.node("plugins").map { SpecPluginsDecoder(sink: sink, declared: self.plugins).decode($0) } ?? .absent
        reader.finish()

        guard !sink.items.hasErrors,
              let version = version.located?.value,
              let project = project.located?.value,
              let server = server.value(or: Spec.Server()),
              let database = database.value(or: Spec.Database(sqlitePath: Spec.Database.defaultSQLitePath(for: project.name))),
              let auth = auth.value(or: Spec.Auth(jwt: .init(issuer: project.name, audience: Spec.Auth.JWT.defaultAudience(for: project.name)))),
              let cors = cors.value(or: Spec.CORS()),
              let production = production.value(or: Spec.Production()),
              let docs = docs.value(or: Spec.Docs()),
              let resources = resources.value(or: []),
              let roles = roles.value(or: []),
              let pluginOptions = plugins.value(or: [:])
        else { return nil }
        let dockerValue: Spec.Docker?
        switch docker {
        case .absent: dockerValue = nil
        case .invalid: return nil
        case .valid(let located): dockerValue = located.value
        }
        let accountValue: Spec.Account?
        switch account {
        case .absent: accountValue = nil
        case .invalid: return nil
        case .valid(let located): accountValue = located.value
        }
        let emailValue: Spec.Email?
        switch email {
        case .absent: emailValue = nil
        case .invalid: return nil
        case .valid(let located): emailValue = located.value
        }
        var spec = Spec(
            version: version, project: project, server: server, database: database, auth: auth,
            cors: cors, production: production, resources: resources, docker: dockerValue, plugins: pluginOptions)
        spec.docs = docs
        spec.roles = roles
        spec.email = emailValue
        spec.account = accountValue
        return spec
    }

    /// Finishes `reader` and wraps the section built from it; invalid when any of its keys failed.
    static func section<Value>(_ reader: Located<MappingReader>, _ value: Value?) -> SpecRead<Value> {
        reader.value.finish()
        guard let value else { return .invalid }
        return .valid(Located(value: value, location: reader.location, path: reader.path))
    }

    // MARK: Sections

    private func decodeRoles(_ entries: Located<[(name: Located<String>, reader: MappingReader?)]>) -> SpecRead<[Spec.Role]> {
        var roles: [Spec.Role] = []
        var valid = true
        for entry in entries.value {
            guard let reader = entry.reader else { valid = false; continue }
            let description = reader.string("description")
            reader.finish()
            guard let description = description.located?.value else { valid = false; continue }
            roles.append(Spec.Role(name: entry.name.value, description: description))
        }
        return valid ? .valid(Located(value: roles, location: entries.location, path: entries.path)) : .invalid
    }

    private func decodeProject(_ section: Located<MappingReader>) -> SpecRead<Spec.Project> {
        let reader = section.value
        let name = reader.string("name")
        let description = reader.string("description")
        guard let name = name.located?.value, let description = description.value(or: "") else {
            return Self.section(section, nil as Spec.Project?)
        }
        return Self.section(section, Spec.Project(name: name, description: description))
    }

    private func decodeServer(_ section: Located<MappingReader>) -> SpecRead<Spec.Server> {
        let reader = section.value
        let defaults = Spec.Server()
        let framework = reader.string("framework").value(or: defaults.framework)
        let host = reader.string("host").value(or: defaults.host)
        let port = reader.integer("port").value(or: defaults.port)
        // "/" means no prefix and is stored as "".
        let prefix = reader.string("api_prefix").value(or: defaults.apiPrefix).map { $0 == "/" ? "" : $0 }
        let proxies = reader.stringList("trusted_proxies").value(or: []).map { $0.map(\.value) }
        let bodySize = reader.string("max_body_size").map(Self.byteSize(sink)).value(or: defaults.maxBodySize)
        guard let framework, let host, let port, let prefix, let proxies, let bodySize else { return Self.section(section, nil as Spec.Server?) }
        return Self.section(section, Spec.Server(
            framework: framework, host: host, port: port, apiPrefix: prefix, trustedProxies: proxies, maxBodySize: bodySize))
    }

    /// `1MB` → 1048576 bytes (the format is already checked by the key table's pattern).
    static func byteSize(_ sink: SpecDiagnostics) -> (Located<String>) -> SpecRead<ByteSize> {
        { located in
            let text = located.value
            let (digits, unit) = text.hasSuffix("MB") ? (text.dropLast(2), 1024 * 1024)
                : text.hasSuffix("KB") ? (text.dropLast(2), 1024) : (text.dropLast(), 1)
            guard let count = Int(digits), case let (bytes, false) = count.multipliedReportingOverflow(by: unit),
                  SettingRanges.maxBodySize.spec.contains(bytes) else {
                sink.error("\(located.path): '\(text)' is too large; use at most 1024MB", at: located.location)
                return .invalid
            }
            return .valid(Located(value: ByteSize(bytes: bytes, text: text), location: located.location, path: located.path))
        }
    }

    private func decodeDatabase(_ section: Located<MappingReader>, projectName: String) -> SpecRead<Spec.Database> {
        let reader = section.value
        let driver = reader.choice("driver", as: Spec.Database.Driver.self).value(or: .sqlite)
        let path = reader.string("sqlite_path").value(or: Spec.Database.defaultSQLitePath(for: projectName))
        guard let driver, let path else { return Self.section(section, nil as Spec.Database?) }
        return Self.section(section, Spec.Database(driver: driver, sqlitePath: path))
    }

    private func decodeProduction(_ section: Located<MappingReader>) -> SpecRead<Spec.Production> {
        let reader = section.value
        let defaults = Spec.Production()
        let httpsOnly = reader.boolean("https_only").value(or: defaults.httpsOnly)
        let hsts = reader.boolean("hsts").value(or: defaults.hsts)
        guard let httpsOnly, let hsts else { return Self.section(section, nil as Spec.Production?) }
        return Self.section(section, Spec.Production(httpsOnly: httpsOnly, hsts: hsts))
    }

    private func decodeDocs(_ section: Located<MappingReader>) -> SpecRead<Spec.Docs> {
        let reader = section.value
        let enabled = reader.boolean("enabled").value(or: Spec.Docs().enabled)
        guard let enabled else { return Self.section(section, nil as Spec.Docs?) }
        return Self.section(section, Spec.Docs(enabled: enabled))
    }

    private func decodeDocker(_ section: Located<MappingReader>) -> SpecRead<Spec.Docker> {
        let reader = section.value
        let defaults = Spec.Docker()
        let builder = reader.string("builder_image").value(or: defaults.builderImage)
        let runtime = reader.string("runtime_image").value(or: defaults.runtimeImage)
        let compose = reader.boolean("compose").value(or: defaults.compose)
        let replicas = reader.integer("replicas").value(or: defaults.replicas)
        guard let builder, let runtime, let compose, let replicas else { return Self.section(section, nil as Spec.Docker?) }
        return Self.section(
            section, Spec.Docker(builderImage: builder, runtimeImage: runtime, compose: compose, replicas: replicas)
        )
    }

    private func decodeAccount(_ section: Located<MappingReader>) -> SpecRead<Spec.Account> {
        let reader = section.value
        let defaults = Spec.Account()
        let selfDelete = reader.boolean("self_delete").value(or: defaults.selfDelete)
        let export = reader.boolean("export").value(or: defaults.export)
        let onDeleteRead = reader.choice("on_delete", as: Spec.Account.OnDelete.self)
        sink.locations.accountOnDelete = onDeleteRead.located?.location ?? section.location
        let onDelete = onDeleteRead.value(or: defaults.onDelete)
        guard let selfDelete, let export, let onDelete else { return Self.section(section, nil as Spec.Account?) }
        return Self.section(section, Spec.Account(selfDelete: selfDelete, export: export, onDelete: onDelete))
    }

    private func decodeEmail(_ section: Located<MappingReader>) -> SpecRead<Spec.Email> {
        let reader = section.value
        let from = reader.string("from")
        let transport = reader.choice("transport", as: Spec.Email.Transport.self).value(or: .file)
        let verification = reader.choice("verification", as: Spec.Email.Verification.self).value(or: .optional)
        let reset = reader.object("password_reset").map(decodePasswordReset).value(or: Spec.Email(from: "").passwordResetTTL)
        let invitations = reader.boolean("invitations").value(or: false)
        guard let from = from.located?.value, let transport, let verification, let reset, let invitations else {
            return Self.section(section, nil as Spec.Email?)
        }
        return Self.section(section, Spec.Email(
            from: from, transport: transport, verification: verification, passwordResetTTL: reset, invitations: invitations))
    }

    /// `email.password_reset`: a link lives 5 minutes to a day (long enough to read the mail, short enough that an
    /// old mailbox is no way in).
    private func decodePasswordReset(_ section: Located<MappingReader>) -> SpecRead<Duration> {
        let reader = section.value
        let read = reader.string("ttl")
        guard let ttl = read.value(or: "30m") else { return Self.section(section, nil as Duration?) }
        let range = Spec.Email.passwordResetTTLRange
        guard let duration = Duration(parsing: ttl), range.contains(duration.seconds) else {
            let tooShort = Duration(parsing: ttl).map { $0.seconds < range.lowerBound } ?? false
            sink.error(
                "email.password_reset.ttl: '\(ttl)' is too \(tooShort ? "short" : "long"); use 5m to 1d (a reset link must outlive reading the mail, and not much longer)",
                at: read.located?.location ?? section.location)
            return Self.section(section, nil as Duration?)
        }
        return Self.section(section, duration)
    }

    private func decodeCORS(_ section: Located<MappingReader>) -> SpecRead<Spec.CORS> {
        let reader = section.value
        let defaults = Spec.CORS()
        let origins = reader.stringList("allow_origins")
        let credentials = reader.boolean("allow_credentials")
        let allowCredentials = credentials.value(or: defaults.allowCredentials)
        var valid = true
        if let origins = origins.located?.value {
            for origin in origins where !SpecOrigin.check(origin, allowCredentials: credentials, among: origins, sink: sink) {
                valid = false
            }
        }
        guard valid, let allowOrigins = origins.value(or: []).map({ $0.map(\.value) }), let allowCredentials else {
            return Self.section(section, nil as Spec.CORS?)
        }
        return Self.section(section, Spec.CORS(allowOrigins: origins.located == nil ? defaults.allowOrigins : allowOrigins, allowCredentials: allowCredentials))
    }
}
