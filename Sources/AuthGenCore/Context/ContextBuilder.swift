import Foundation

/// The context stage: turns a validated `Spec` into the values templates print.
package struct ContextBuilder: Sendable {
    package var generatorVersion: String
    /// Makes the generated `SECRET_KEY`; injected so tests stay deterministic.
    package var makeSecret: @Sendable () -> String
    /// Makes the 32 random bytes of the generated `JWT_PRIVATE_KEYS` (ES256, EdDSA); injected likewise.
    package var makeKeyBytes: @Sendable () -> [UInt8]

    package init(
        generatorVersion: String = AuthGen.version,
        makeSecret: @escaping @Sendable () -> String = SecretGenerator.hexSecret,
        makeKeyBytes: @escaping @Sendable () -> [UInt8] = SecretGenerator.keyBytes
    ) {
        self.generatorVersion = generatorVersion
        self.makeSecret = makeSecret
        self.makeKeyBytes = makeKeyBytes
    }

    /// The context stage: the context of a resolved spec, its enabled plugins' options (the spec's values, else the
    /// defaults) under `plugins` and their server extensions included.
    /// `migrations`: the history the migration planner made for this generation; nil renders the migrations of a
    /// first generation (one `create_<plural>` per resource).
    package func build(_ resolved: ResolvedSpec, migrations: MigrationHistory? = nil) -> RenderContext {
        var context = build(resolved.spec, migrations: migrations, plugins: Self.pluginOptions(resolved.spec, plugins: resolved.plugins),
                            serverExtensions: resolved.serverExtensions)
        context.pluginSettings = resolved.pluginSettings
        context.hasPluginSettings = !resolved.pluginSettings.isEmpty
        context.packages = resolved.packages
        context.userFields = resolved.userFields
        context.hasUserFields = !resolved.userFields.isEmpty
        return context
    }

    /// The context of the spec alone, without plugins: what plugins' `enabled_when` conditions are evaluated in.
    package func build(_ spec: Spec, migrations: MigrationHistory? = nil) -> RenderContext {
        build(spec, migrations: migrations, plugins: [:], serverExtensions: [])
    }

    private func build(_ spec: Spec, migrations: MigrationHistory?, plugins: [String: [String: JSONValue]],
                       serverExtensions: [RenderContext.ServerExtension]) -> RenderContext {
        let history = migrations ?? (try? MigrationPlanner.plan(previous: nil, spec: spec, allowDestructive: false).get())
            ?? MigrationHistory()
        return RenderContext(
            generator: .init(name: AuthGen.name, version: generatorVersion),
            project: project(spec),
            server: server(spec.server),
            database: database(spec),
            auth: auth(spec.auth, projectName: spec.project.name),
            cors: cors(spec.cors),
            production: .init(httpsOnly: spec.production.httpsOnly, hsts: spec.production.hsts),
            docs: .init(enabled: spec.docs.enabled),
            docker: docker(spec.docker, server: spec.server),
            email: Self.email(spec.email),
            account: Self.account(spec.account),
            resources: resources(spec),
            hasResources: !spec.resources.isEmpty,
            roles: Self.roles(spec.roles),
            hasRoles: !spec.roles.isEmpty,
            migrations: Self.migrations(history),
            secrets: .init(
                secretKey: makeSecret(),
                postgresPassword: makeSecret(),
                jwtPrivateKeys: PrivateKeyPEM.make(for: spec.auth.jwt.algorithm, randomBytes: makeKeyBytes)
                    .map(PrivateKeyPEM.environmentValue) ?? ""
            ),
            plugins: plugins,
            serverExtensions: serverExtensions,
            hasServerExtensions: !serverExtensions.isEmpty
        )
    }

    /// Each plugin's options: the value the spec sets, else the declared default, in the form templates print, and
    /// beside each its Swift-literal form (`<name>Literal`).
    package static func pluginOptions(_ spec: Spec, plugins: [Plugin]) -> [String: [String: JSONValue]] {
        var result: [String: [String: JSONValue]] = [:]
        for plugin in plugins {
            let set = spec.plugins[plugin.name] ?? [:]
            var values: [String: JSONValue] = [:]
            for option in plugin.manifest.options {
                let value = set[option.name] ?? option.defaultValue
                values[option.name] = option.contextValue(value)
                values[option.literalName] = .string(option.swiftLiteral(value))
            }
            result[plugin.name] = values
        }
        return result
    }

    /// The `server_extensions` of `plugins` (enabled, in render order), each type once: a type that two plugins
    /// name is an error at the second one's place in its `plugin.yaml`.
    package static func serverExtensions(of plugins: [Plugin]) throws(DiagnosticsError) -> [RenderContext.ServerExtension] {
        var result: [RenderContext.ServerExtension] = []
        var firstPlace: [String: (plugin: String, location: SourceLocation)] = [:]
        var problems: [Diagnostic] = []
        for plugin in plugins {
            for entry in plugin.manifest.serverExtensions {
                if let first = firstPlace[entry.typeName] {
                    let place = "\(first.location.file):\(first.location.line):\(first.location.column)"
                    problems.append(.error(
                        "server extension '\(entry.typeName)' is also contributed by plugin '\(first.plugin)' (\(place)); rename one of the types",
                        at: entry.location))
                    continue
                }
                firstPlace[entry.typeName] = (plugin.name, entry.location)
                result.append(.init(typeName: entry.typeName, plugin: plugin.name, last: false))
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        if !result.isEmpty { result[result.count - 1].last = true }
        return result
    }

    private func project(_ spec: Spec) -> RenderContext.Project {
        .init(
            name: spec.project.name,
            description: spec.project.description,
            hasDescription: !spec.project.description.isEmpty,
            descriptionLiteral: Naming.swiftLiteral(spec.project.description),
            executableName: spec.project.name,
            title: Naming.title(spec.project.name)
        )
    }

    private func server(_ server: Spec.Server) -> RenderContext.Server {
        .init(
            framework: server.framework,
            host: server.host,
            hostLiteral: Naming.swiftLiteral(server.host),
            port: server.port,
            apiPrefix: server.apiPrefix,
            apiPrefixLiteral: Naming.swiftLiteral(server.apiPrefix),
            trustedProxiesLiteral: Naming.swiftArrayLiteral(server.trustedProxies),
            trustedProxiesCSV: server.trustedProxies.joined(separator: ","),
            maxBodySize: server.maxBodySize.text,
            maxBodySizeBytes: server.maxBodySize.bytes
        )
    }

    private func database(_ spec: Spec) -> RenderContext.Database {
        let defaultURL: String
        switch spec.database.driver {
        case .sqlite: defaultURL = "sqlite://\(spec.database.sqlitePath)"
        case .postgres: defaultURL = "postgres://\(postgresName(spec)):\(postgresName(spec))@localhost:5432/\(postgresName(spec))"
        }
        return .init(
            driver: spec.database.driver.rawValue,
            sqlite: spec.database.driver == .sqlite,
            postgres: spec.database.driver == .postgres,
            sqlitePath: spec.database.sqlitePath,
            sqlitePathLiteral: Naming.swiftLiteral(spec.database.sqlitePath),
            defaultURL: defaultURL,
            defaultURLLiteral: Naming.swiftLiteral(defaultURL),
            postgresComposeURL: "postgres://\(postgresName(spec)):\(postgresName(spec))@db:5432/\(postgresName(spec))",
            postgresUser: postgresName(spec),
            postgresDatabase: postgresName(spec)
        )
    }

    /// PostgreSQL role and database names cannot hold '-' unquoted.
    private func postgresName(_ spec: Spec) -> String {
        spec.project.name.replacingOccurrences(of: "-", with: "_")
    }

    private func auth(_ auth: Spec.Auth, projectName: String) -> RenderContext.Auth {
        let algorithm = auth.jwt.algorithm
        let requirements = auth.password.require
        return .init(
            jwt: .init(
                algorithm: algorithm.rawValue,
                algorithmCase: algorithm.rawValue.lowercased(),
                hmac: [.hs256, .hs384, .hs512].contains(algorithm),
                es256: algorithm == .es256,
                eddsa: algorithm == .eddsa,
                issuer: auth.jwt.issuer,
                issuerLiteral: Naming.swiftLiteral(auth.jwt.issuer),
                audience: auth.jwt.audience,
                audienceLiteral: Naming.swiftLiteral(auth.jwt.audience),
                accessTokenTTL: auth.jwt.accessTokenTTL.text,
                accessTokenTTLSeconds: auth.jwt.accessTokenTTL.seconds,
                refreshTokenTTL: auth.jwt.refreshTokenTTL.text,
                refreshTokenTTLSeconds: auth.jwt.refreshTokenTTL.seconds,
                jwks: auth.jwt.publishesJWKS
            ),
            password: .init(
                bcryptCost: auth.password.bcryptCost,
                minLength: auth.password.minLength,
                maxLength: auth.password.maxLength,
                requireUpper: requirements.contains(.upper),
                requireLower: requirements.contains(.lower),
                requireDigit: requirements.contains(.digit),
                requireSpecial: requirements.contains(.special),
                requirementsText: requirements.map(\.rawValue).joined(separator: ", "),
                rejectCommon: auth.password.rejectCommon
            ),
            registration: .init(mode: auth.registration.rawValue, open: auth.registration == .open, closed: auth.registration == .closed),
            rateLimit: .init(login: rate(auth.rateLimit.login), register: rate(auth.rateLimit.register)),
            lockout: .init(
                enabled: auth.lockout.enabled,
                after: auth.lockout.enabled ? auth.lockout.after : 0,
                seconds: auth.lockout.duration.seconds,
                duration: auth.lockout.duration.text
            ),
            session: .init(maxLifetime: auth.session.maxLifetime.text, maxLifetimeSeconds: auth.session.maxLifetime.seconds),
            compat: .init(refreshTokenInQuery: auth.compat.refreshTokenInQuery),
            mfa: Self.mfa(auth.mfa),
            sessions: .init(list: auth.sessions.list),
            apiKeys: .init(
                enabled: auth.apiKeys.enabled,
                maxPerUser: auth.apiKeys.maxPerUser,
                maxTTL: auth.apiKeys.maxTTL.text,
                maxTTLSeconds: auth.apiKeys.maxTTL.seconds,
                keyPrefix: Self.apiKeyPrefix(projectName: projectName)
            )
        )
    }

    /// A key never looks like a JWT (no dots) and names its server for secret scanners: `blog-api` → `blogapi_`.
    static func apiKeyPrefix(projectName: String) -> String {
        projectName.filter { $0.isASCII && ($0.isLetter || $0.isNumber) } + "_"
    }

    static func mfa(_ mfa: Spec.Auth.MFA) -> RenderContext.Auth.MFA {
        .init(
            totp: mfa.totp.rawValue,
            enabled: mfa.totp != .off,
            requiredForSuperusers: mfa.totp == .requiredForSuperusers || mfa.totp == .required,
            requiredForEveryone: mfa.totp == .required,
            recoveryCodes: mfa.recoveryCodes)
    }

    private func rate(_ rate: Rate) -> RenderContext.Auth.Rate {
        .init(limit: rate.limit, windowSeconds: rate.period.seconds, text: rate.text)
    }

    private func cors(_ cors: Spec.CORS) -> RenderContext.CORS {
        .init(
            allowOrigins: cors.allowOrigins,
            allowOriginsCSV: cors.allowOrigins.joined(separator: ","),
            allowOriginsLiteral: Naming.swiftArrayLiteral(cors.allowOrigins),
            allowCredentials: cors.allowCredentials
        )
    }

    private func docker(_ docker: Spec.Docker?, server: Spec.Server) -> RenderContext.Docker {
        let settings = docker ?? Spec.Docker()
        let compose = docker != nil && settings.compose
        let scaled = compose && settings.replicas > 1
        return .init(
            enabled: docker != nil, builderImage: settings.builderImage, runtimeImage: settings.runtimeImage,
            compose: compose, publishedPort: Self.publishedPort(server),
            replicas: settings.replicas, scaled: scaled, appServices: Self.appServices(replicas: scaled ? settings.replicas : 1),
            proxySubnet: "172.30.21.0/24")
    }

    /// `account`; without the section every flag is off.
    static func account(_ account: Spec.Account?) -> RenderContext.Account {
        let settings = account ?? Spec.Account()
        return .init(
            enabled: settings.selfDelete || settings.export,
            selfDelete: settings.selfDelete,
            export: settings.export,
            onDelete: (account?.onDelete ?? .cascade).rawValue,
            anonymize: account?.onDelete == .anonymize)
    }

    /// `email`; without the section every flag is off and the values are the section's defaults.
    static func email(_ email: Spec.Email?) -> RenderContext.Email {
        let settings = email ?? Spec.Email(from: "", verification: .off)
        return .init(
            enabled: email != nil,
            from: settings.from,
            fromLiteral: Naming.swiftLiteral(settings.from),
            fromAddress: settings.fromAddress,
            fromAddressLiteral: Naming.swiftLiteral(settings.fromAddress),
            fromName: settings.fromName,
            fromNameLiteral: Naming.swiftLiteral(settings.fromName),
            transport: settings.transport.rawValue,
            transportSMTP: email != nil && settings.transport == .smtp,
            transportFile: settings.transport == .file,
            verification: settings.verification.rawValue,
            verificationOn: email != nil && settings.verification != .off,
            verificationRequired: email != nil && settings.verification == .required,
            passwordResetTTL: settings.passwordResetTTL.text,
            passwordResetTTLSeconds: settings.passwordResetTTL.seconds,
            passwordReset: email != nil,
            invitations: email != nil && settings.invitations)
    }

    /// One `app` service, or `app-1` … `app-N` behind nginx.
    static func appServices(replicas: Int) -> [RenderContext.Docker.AppService] {
        replicas == 1 ? [.init(name: "app")] : (1...replicas).map { .init(name: "app-\($0)") }
    }

    /// Compose publishes the port on 127.0.0.1 unless the spec's server listens on every interface.
    static func publishedPort(_ server: Spec.Server) -> String {
        let everyInterface = ["0.0.0.0", "::"].contains(server.host)
        return everyInterface ? "\(server.port):\(server.port)" : "127.0.0.1:\(server.port):\(server.port)"
    }

    static func roles(_ roles: [Spec.Role]) -> [RenderContext.Role] {
        roles.enumerated().map { index, role in
            RenderContext.Role(
                name: role.name,
                propertyName: Naming.variableName(role.name),
                description: role.description,
                descriptionLiteral: Naming.swiftLiteral(role.description),
                last: index == roles.count - 1
            )
        }
    }

    /// A resource action's access as the generated `Access` value: `.owner`, or `.anyOf(.owner, .role(.editor))`.
    static func accessSwift(_ rule: Spec.Resource.AccessRule) -> String {
        switch rule {
        case .level(let level):
            return "." + level.rawValue
        case .anyOf(let principals):
            let levels = Set(Spec.Resource.AccessLevel.allCases.map(\.rawValue))
            let items = principals.map { levels.contains($0) ? "." + $0 : ".role(.\(Naming.variableName($0)))" }
            return ".anyOf(" + items.joined(separator: ", ") + ")"
        }
    }

    /// Someone who calls a resource's routes in the generated access test.
    enum AccessActor: Equatable {
        case anonymous, user, owner, otherUser, superuser
        /// A logged-in user, not the author, holding the role.
        case holder(String)

        var swift: String {
            switch self {
            case .anonymous: ".anonymous"
            case .user: ".user"
            case .owner: ".owner"
            case .otherUser: ".otherUser"
            case .superuser: ".superuser"
            case .holder(let role): ".holder(.\(Naming.variableName(role)))"
            }
        }
    }

    /// What each caller gets from each action of `resource`, worked out from the spec alone (not from the server's
    /// code): the table the generated access test checks the server against.
    static func accessTable(_ resource: Spec.Resource, roles: [Spec.Role]) -> [RenderContext.Resource.AccessRow] {
        let actors: [AccessActor] = [.anonymous, .user, .owner, .otherUser, .superuser] + roles.map { .holder($0.name) }
        // An owned item records its author, so creating one needs a login even where the spec says public.
        let create = resource.owned && resource.access.create == .public ? .authenticated : resource.access.create
        return actors.map { actor in
            RenderContext.Resource.AccessRow(
                actor: actor.swift,
                list: expectedStatus(resource.access.list, actor, success: "ok"),
                create: expectedStatus(create, actor, success: "created"),
                read: expectedStatus(resource.access.read, actor, success: "ok"),
                update: expectedStatus(resource.access.update, actor, success: "ok"),
                delete: expectedStatus(resource.access.delete, actor, success: "noContent")
            )
        }
    }

    /// `success`, `unauthorized` or `forbidden`: a superuser may do everything; anyone else what the rule names
    /// (`owner` only on the item they wrote).
    static func expectedStatus(_ rule: Spec.Resource.AccessRule, _ actor: AccessActor, success: String) -> String {
        if rule == .public { return success }
        if actor == .anonymous { return "unauthorized" }
        let principals = rule.principals
        let allowed: Bool
        switch actor {
        case .superuser: allowed = true
        case .owner: allowed = principals.contains("authenticated") || principals.contains("owner")
        case .holder(let role): allowed = principals.contains("authenticated") || principals.contains(role)
        case .anonymous, .user, .otherUser: allowed = principals.contains("authenticated")
        }
        return allowed ? success : "forbidden"
    }

    private func resources(_ spec: Spec) -> [RenderContext.Resource] {
        spec.resources.enumerated().map { index, resource in
            let plural = Naming.plural(resource.name)
            return .init(
                name: resource.name,
                typeName: Naming.typeName(resource.name),
                variableName: Naming.variableName(resource.name),
                plural: plural,
                pluralTypeName: Naming.typeName(plural),
                pluralVariableName: Naming.variableName(plural),
                tableName: plural,
                tableSQL: Naming.sqlIdentifierInSwiftString(plural),
                path: "\(spec.server.apiPrefix)/\(plural)",
                owned: resource.owned,
                authorOptional: resource.owned && spec.authorOnDelete == .anonymize,
                fields: resource.fields.enumerated().map { fieldIndex, field in
                    self.field(field, isLast: fieldIndex == resource.fields.count - 1)
                },
                access: .init(
                    list: resource.access.list.principals.joined(separator: " or "),
                    read: resource.access.read.principals.joined(separator: " or "),
                    create: resource.access.create.principals.joined(separator: " or "),
                    update: resource.access.update.principals.joined(separator: " or "),
                    delete: resource.access.delete.principals.joined(separator: " or ")
                ),
                accessSwift: .init(
                    list: Self.accessSwift(resource.access.list),
                    read: Self.accessSwift(resource.access.read),
                    create: Self.accessSwift(resource.access.create),
                    update: Self.accessSwift(resource.access.update),
                    delete: Self.accessSwift(resource.access.delete)
                ),
                accessTable: Self.accessTable(resource, roles: spec.roles),
                exampleJSON: "{" + resource.fields.map { "\"\($0.name)\": \(Examples.of($0).valid)" }.joined(separator: ", ") + "}",
                changeExampleJSON: "{" + resource.fields.map { "\"\($0.name)\": \(Examples.of($0).other)" }.joined(separator: ", ") + "}",
                last: index == spec.resources.count - 1
            )
        }
    }

    static func migrations(_ history: MigrationHistory) -> [RenderContext.Migration] {
        history.migrations.enumerated().map { index, record in
            let parts = record.name.split(separator: "_").map(String.init)
            let upper = parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            let isFirstCreate = record.kind == .createTable && record.name == "create_\(Naming.plural(record.resource))"
            // The table before it is the current one with the other author column only while no later migration changed it.
            let keeps = record.kind == .changeAuthorOnDelete && history.schema[record.resource]?.authorOnDelete == .anonymize
                && !history.migrations[(index + 1)...].contains { $0.resource == record.resource }
            var previous: (sqlite: [String], postgres: [String]) = ([], [])
            if keeps, let table = history.schema[record.resource] {
                let resource = Spec.Resource(name: record.resource, fields: table.fields.map {
                    Spec.Resource.Field(name: $0.name, type: $0.type, maxLength: $0.maxLength, optional: $0.optional)
                })
                let tableName = Naming.plural(record.resource)
                previous = (MigrationPlanner.createStatements(resource, tableName: tableName, postgres: false, onDelete: .cascade),
                            MigrationPlanner.createStatements(resource, tableName: tableName, postgres: true, onDelete: .cascade))
            }
            var migration = RenderContext.Migration(
                name: record.name,
                identifier: upper.prefix(1).lowercased() + upper.dropFirst(),
                fileName: isFirstCreate ? Naming.typeName(Naming.plural(record.resource)) : upper,
                resource: record.resource,
                kind: record.kind.rawValue,
                summary: record.summary,
                sqlite: statements(record.sqlite),
                postgres: statements(record.postgres),
                last: index == history.migrations.count - 1
            )
            migration.keepsItemsOfDeletedUsers = keeps
            migration.tableSQL = Naming.sqlIdentifierInSwiftString(Naming.plural(record.resource))
            migration.previousTableSQLite = statements(previous.sqlite)
            migration.previousTablePostgres = statements(previous.postgres)
            return migration
        }
    }

    private static func statements(_ sql: [String]) -> [RenderContext.Migration.Statement] {
        sql.enumerated().map { index, statement in
            let literal: String
            if statement.contains("\n"), !statement.contains("\\"), !statement.contains("\"\"\""), !statement.contains("\r") {
                // Readable SQL: a multi-line literal, indented for the 12 spaces the template puts it at.
                let indent = String(repeating: " ", count: 12)
                let body = statement.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n")
                literal = "\"\"\"\n" + body + "\n" + indent + "\"\"\""
            } else {
                literal = Naming.swiftLiteral(statement)
            }
            return .init(literal: literal, last: index == sql.count - 1)
        }
    }

    private func field(_ field: Spec.Resource.Field, isLast: Bool) -> RenderContext.Resource.Field {
        let columnTypes = ColumnTypes.of(field)
        let swiftType = ColumnTypes.swiftType(field.type) + (field.optional ? "?" : "")
        return .init(
            name: field.name,
            propertyName: Naming.propertyName(field.name),
            columnSQL: Naming.sqlIdentifierInSwiftString(field.name),
            type: field.type.rawValue,
            swiftType: swiftType,
            optional: field.optional,
            hasMaxLength: field.maxLength != nil,
            maxLength: field.maxLength ?? 0,
            hasDefault: field.defaultValue != nil,
            defaultSwift: field.defaultValue.map { Self.swiftLiteral($0, type: field.type) } ?? "",
            required: !field.optional && field.defaultValue == nil,
            typeSwift: Self.typeSwift(field),
            defaultJSON: field.defaultValue.map { Self.jsonLiteral($0, type: field.type) } ?? "",
            exampleJSON: Examples.of(field).valid,
            otherExampleJSON: Examples.of(field).other,
            invalidJSON: Examples.of(field).invalid,
            sqliteType: columnTypes.sqlite,
            postgresType: columnTypes.postgres,
            last: isLast
        )
    }

    private static func swiftLiteral(_ value: Spec.Resource.DefaultValue, type: Spec.Resource.Field.FieldType) -> String {
        switch value {
        case .string(let string):
            if type == .date, let date = SpecDate.parse(string) {
                return "Date(timeIntervalSince1970: \(SpecDate.secondsText(date)))"
            }
            return Naming.swiftLiteral(string)
        case .int(let int): return String(int)
        case .double(let double): return String(double)
        case .bool(let bool): return String(bool)
        }
    }

    /// JSON text of a default, written so that it is a Swift literal too.
    private static func jsonLiteral(_ value: Spec.Resource.DefaultValue, type: Spec.Resource.Field.FieldType) -> String {
        if type == .date, case .string(let string) = value, let date = SpecDate.parse(string) {
            return Naming.swiftLiteral(SpecDate.iso8601(date))
        }
        return swiftLiteral(value, type: type)
    }

    private static func typeSwift(_ field: Spec.Resource.Field) -> String {
        switch field.type {
        case .string: ".string(maxLength: \(field.maxLength.map(String.init) ?? "nil"))"
        case .text: ".text(maxLength: \(field.maxLength.map(String.init) ?? "nil"))"
        case .int: ".int"
        case .double: ".double"
        case .bool: ".bool"
        case .date: ".date"
        }
    }
}

/// Column types of a resource field in each database.
enum ColumnTypes {
    static func of(_ field: Spec.Resource.Field) -> (sqlite: String, postgres: String) {
        switch field.type {
        case .string: ("TEXT", field.maxLength.map { "VARCHAR(\($0))" } ?? "TEXT")
        case .text: ("TEXT", "TEXT")
        case .int: ("INTEGER", "BIGINT")
        case .double: ("REAL", "DOUBLE PRECISION")
        case .bool: ("INTEGER", "BOOLEAN")
        case .date: ("REAL", "TIMESTAMPTZ")
        }
    }

    static func swiftType(_ type: Spec.Resource.Field.FieldType) -> String {
        switch type {
        case .string, .text: "String"
        case .int: "Int"
        case .double: "Double"
        case .bool: "Bool"
        case .date: "Date"
        }
    }
}

/// Example values of a field, as JSON that is also a Swift literal.
enum Examples {
    static func of(_ field: Spec.Resource.Field) -> (valid: String, other: String, invalid: String) {
        switch field.type {
        case .string:
            let limit = field.maxLength ?? 40
            return (Naming.swiftLiteral(String("Example \(field.name)".prefix(limit))), Naming.swiftLiteral(String("Changed".prefix(limit))), "12")
        case .text: return (Naming.swiftLiteral("Some \(field.name) text."), Naming.swiftLiteral("Changed text."), "true")
        case .int: return ("42", "7", #""many""#)
        case .double: return ("2.5", "-0.75", #""much""#)
        case .bool: return ("true", "false", #""yes""#)
        case .date: return (#""2024-01-31T12:00:00Z""#, #""2025-06-01T08:30:00Z""#, #""someday""#)
        }
    }
}

/// Dates of spec defaults (`2024-01-31` or `2024-01-31T12:00:00Z`, with an optional offset): UTC midnight without a time.
enum SpecDate {
    static func parse(_ text: String) -> Date? {
        let normalized = text.replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: "t", with: "T")
        if normalized.count == 10 {
            return formatter([.withFullDate]).date(from: normalized)
        }
        let withZone = normalized.hasSuffix("Z") || normalized.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" }) ? normalized : normalized + "Z"
        return formatter([.withInternetDateTime, .withFractionalSeconds]).date(from: withZone)
            ?? formatter([.withInternetDateTime]).date(from: withZone)
    }

    static func iso8601(_ date: Date) -> String {
        formatter([.withInternetDateTime]).string(from: date)
    }

    static func secondsText(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        return seconds == seconds.rounded() ? String(Int64(seconds)) : String(seconds)
    }

    private static func formatter(_ options: ISO8601DateFormatter.Options) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = options
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
