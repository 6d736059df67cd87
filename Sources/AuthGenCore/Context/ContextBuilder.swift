/// The context stage: turns a validated `Spec` into the values templates print.
public struct ContextBuilder: Sendable {
    public var generatorVersion: String
    /// Makes the generated `SECRET_KEY`; injected so tests stay deterministic.
    public var makeSecret: @Sendable () -> String

    public init(generatorVersion: String = AuthGen.version, makeSecret: @escaping @Sendable () -> String = SecretGenerator.hexSecret) {
        self.generatorVersion = generatorVersion
        self.makeSecret = makeSecret
    }

    public func build(_ spec: Spec) -> RenderContext {
        RenderContext(
            generator: .init(name: AuthGen.name, version: generatorVersion),
            project: project(spec),
            server: server(spec.server),
            database: database(spec),
            auth: auth(spec.auth),
            cors: cors(spec.cors),
            production: .init(httpsOnly: spec.production.httpsOnly, hsts: spec.production.hsts),
            docker: docker(spec.docker),
            resources: resources(spec),
            hasResources: !spec.resources.isEmpty,
            secrets: .init(secretKey: makeSecret())
        )
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
            apiPrefixLiteral: Naming.swiftLiteral(server.apiPrefix)
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

    private func auth(_ auth: Spec.Auth) -> RenderContext.Auth {
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
                refreshTokenTTLSeconds: auth.jwt.refreshTokenTTL.seconds
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
            rateLimit: .init(login: rate(auth.rateLimit.login), register: rate(auth.rateLimit.register))
        )
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

    private func docker(_ docker: Spec.Docker?) -> RenderContext.Docker {
        let settings = docker ?? Spec.Docker()
        return .init(enabled: docker != nil, builderImage: settings.builderImage, runtimeImage: settings.runtimeImage, compose: docker != nil && settings.compose)
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
                tableName: plural,
                path: "\(spec.server.apiPrefix)/\(plural)",
                owned: resource.owned,
                fields: resource.fields.enumerated().map { fieldIndex, field in
                    self.field(field, isLast: fieldIndex == resource.fields.count - 1)
                },
                access: .init(
                    list: resource.access.list.rawValue,
                    read: resource.access.read.rawValue,
                    create: resource.access.create.rawValue,
                    update: resource.access.update.rawValue,
                    delete: resource.access.delete.rawValue
                ),
                last: index == spec.resources.count - 1
            )
        }
    }

    private func field(_ field: Spec.Resource.Field, isLast: Bool) -> RenderContext.Resource.Field {
        let columnTypes = ColumnTypes.of(field)
        let swiftType = ColumnTypes.swiftType(field.type) + (field.optional ? "?" : "")
        return .init(
            name: field.name,
            propertyName: Naming.variableName(field.name),
            type: field.type.rawValue,
            swiftType: swiftType,
            optional: field.optional,
            hasMaxLength: field.maxLength != nil,
            maxLength: field.maxLength ?? 0,
            hasDefault: field.defaultValue != nil,
            defaultSwift: field.defaultValue.map(Self.swiftLiteral) ?? "",
            sqliteType: columnTypes.sqlite,
            postgresType: columnTypes.postgres,
            last: isLast
        )
    }

    private static func swiftLiteral(_ value: Spec.Resource.DefaultValue) -> String {
        switch value {
        case .string(let string): Naming.swiftLiteral(string)
        case .int(let int): String(int)
        case .double(let double): String(double)
        case .bool(let bool): String(bool)
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
        case .date: ("TEXT", "TIMESTAMPTZ")
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
