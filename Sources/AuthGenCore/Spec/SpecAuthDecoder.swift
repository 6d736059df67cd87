/// Decodes `auth`: JWT, password rules, registration and rate limits, with their cross-field rules.
struct SpecAuthDecoder {
    let sink: SpecDiagnostics

    /// `hasResources`: the spec has resources (or they could not be read), which API keys need for their scopes.
    func decode(_ section: Located<MappingReader>, projectName: String, hasResources: Bool = true) -> SpecRead<Spec.Auth> {
        let reader = section.value
        let defaultJWT = Spec.Auth.JWT(issuer: projectName, audience: Spec.Auth.JWT.defaultAudience(for: projectName))
        let jwt = reader.object("jwt").map { decodeJWT($0, projectName: projectName) }.value(or: defaultJWT)
        let password = reader.object("password").map(decodePassword).value(or: Spec.Auth.Password())
        let registration = reader.choice("registration", as: Spec.Auth.Registration.self).value(or: .open)
        let rateLimit = reader.object("rate_limit").map(decodeRateLimits).value(or: Spec.Auth.RateLimits())
        let lockout = reader.objectOrOff("lockout").map(decodeLockout).value(or: Spec.Auth.Lockout())
        let session = reader.object("session").map { decodeSession($0, jwt: jwt) }.value(or: Spec.Auth.Session())
        let compat = reader.object("compat").map(decodeCompat).value(or: Spec.Auth.Compat())
        let mfa = reader.object("mfa").map(decodeMFA).value(or: Spec.Auth.MFA())
        let sessions = reader.object("sessions").map(decodeSessions).value(or: Spec.Auth.Sessions())
        let apiKeys = reader.object("api_keys").map { decodeAPIKeys($0, hasResources: hasResources) }.value(or: Spec.Auth.APIKeys())
        guard let jwt, let password, let registration, let rateLimit, let lockout, let session, let compat, let mfa, let sessions,
              let apiKeys else {
            return SpecDecoder.section(section, nil as Spec.Auth?)
        }
        return SpecDecoder.section(section, Spec.Auth(
            jwt: jwt, password: password, registration: registration, rateLimit: rateLimit, lockout: lockout,
            session: session, compat: compat, mfa: mfa, sessions: sessions, apiKeys: apiKeys))
    }

    /// `auth.api_keys`; a key's scopes are resource actions, so keys need a resource.
    private func decodeAPIKeys(_ section: Located<MappingReader>, hasResources: Bool) -> SpecRead<Spec.Auth.APIKeys> {
        let reader = section.value
        let defaults = Spec.Auth.APIKeys()
        let enabled = reader.boolean("enabled")
        let maxPerUser = reader.integer("max_per_user").value(or: defaults.maxPerUser)
        let maxTTL = reader.string("max_ttl").map(Self.duration(sink, SettingRanges.apiKeysMaxTTL)).value(or: defaults.maxTTL)
        guard let isEnabled = enabled.value(or: false), let maxPerUser, let maxTTL else {
            return SpecDecoder.section(section, nil as Spec.Auth.APIKeys?)
        }
        if isEnabled, !hasResources {
            sink.error(
                "auth.api_keys.enabled: an API key's scopes are resource actions (post:read), and the spec has no resources; add one under resources, or remove api_keys",
                at: enabled.located?.location ?? section.location)
            return SpecDecoder.section(section, nil as Spec.Auth.APIKeys?)
        }
        return SpecDecoder.section(section, Spec.Auth.APIKeys(enabled: isEnabled, maxPerUser: maxPerUser, maxTTL: maxTTL))
    }

    /// `auth.mfa`; the key table checks the choice and the range.
    private func decodeMFA(_ section: Located<MappingReader>) -> SpecRead<Spec.Auth.MFA> {
        let reader = section.value
        let defaults = Spec.Auth.MFA()
        let totp = reader.choice("totp", as: Spec.Auth.MFA.TOTP.self).value(or: defaults.totp)
        let recoveryCodes = reader.integer("recovery_codes").value(or: defaults.recoveryCodes)
        guard let totp, let recoveryCodes else { return SpecDecoder.section(section, nil as Spec.Auth.MFA?) }
        return SpecDecoder.section(section, Spec.Auth.MFA(totp: totp, recoveryCodes: recoveryCodes))
    }

    /// `auth.session`; a session shorter than one refresh token's lifetime is refused (no token could live it out).
    private func decodeSession(_ section: Located<MappingReader>, jwt: Spec.Auth.JWT?) -> SpecRead<Spec.Auth.Session> {
        let reader = section.value
        let read = reader.string("max_lifetime").map(Self.duration(sink, SettingRanges.sessionMaxLifetime))
        guard let maxLifetime = read.value(or: Spec.Auth.Session().maxLifetime) else {
            return SpecDecoder.section(section, nil as Spec.Auth.Session?)
        }
        if let jwt, maxLifetime.seconds < jwt.refreshTokenTTL.seconds {
            sink.error(
                "auth.session.max_lifetime (\(maxLifetime.text)) is shorter than auth.jwt.refresh_token_ttl (\(jwt.refreshTokenTTL.text)); lengthen max_lifetime or shorten refresh_token_ttl",
                at: read.located?.location ?? section.location)
            return SpecDecoder.section(section, nil as Spec.Auth.Session?)
        }
        return SpecDecoder.section(section, Spec.Auth.Session(maxLifetime: maxLifetime))
    }

    private func decodeCompat(_ section: Located<MappingReader>) -> SpecRead<Spec.Auth.Compat> {
        let refreshTokenInQuery = section.value.boolean("refresh_token_in_query").value(or: false)
        guard let refreshTokenInQuery else { return SpecDecoder.section(section, nil as Spec.Auth.Compat?) }
        return SpecDecoder.section(section, Spec.Auth.Compat(refreshTokenInQuery: refreshTokenInQuery))
    }

    private func decodeSessions(_ section: Located<MappingReader>) -> SpecRead<Spec.Auth.Sessions> {
        let list = section.value.boolean("list").value(or: false)
        guard let list else { return SpecDecoder.section(section, nil as Spec.Auth.Sessions?) }
        return SpecDecoder.section(section, Spec.Auth.Sessions(list: list))
    }

    private func decodeLockout(_ section: Located<MappingReader?>) -> SpecRead<Spec.Auth.Lockout> {
        guard let reader = section.value else {
            return .valid(Located(value: .off, location: section.location, path: section.path))
        }
        let defaults = Spec.Auth.Lockout()
        let after = reader.integer("after").value(or: defaults.after)
        let duration = reader.string("for").map(Self.duration(sink, SettingRanges.lockoutSeconds)).value(or: defaults.duration)
        reader.finish()
        guard let after, let duration else { return .invalid }
        return .valid(Located(value: Spec.Auth.Lockout(after: after, duration: duration), location: section.location, path: section.path))
    }

    private func decodeJWT(_ section: Located<MappingReader>, projectName: String) -> SpecRead<Spec.Auth.JWT> {
        let reader = section.value
        let defaults = Spec.Auth.JWT(issuer: projectName, audience: Spec.Auth.JWT.defaultAudience(for: projectName))
        let algorithm = reader.choice("algorithm", as: Spec.Auth.JWT.Algorithm.self).value(or: defaults.algorithm)
        let issuer = reader.string("issuer").value(or: defaults.issuer)
        let audience = reader.string("audience").value(or: defaults.audience)
        let access = reader.string("access_token_ttl").map(Self.duration(sink, SettingRanges.accessTokenTTL))
        let refresh = reader.string("refresh_token_ttl").map(Self.duration(sink, SettingRanges.refreshTokenTTL))
        let jwks = reader.boolean("jwks")
        var ordered = true
        if let located = jwks.located, located.value, let algorithm, [.hs256, .hs384, .hs512].contains(algorithm) {
            sink.error(
                "auth.jwt.jwks: \(algorithm.rawValue) signs with a shared secret, which cannot be published; set algorithm: ES256 or EdDSA, or remove jwks: true",
                at: located.location)
            ordered = false
        }
        if let accessTTL = access.value(or: defaults.accessTokenTTL), let refreshTTL = refresh.value(or: defaults.refreshTokenTTL),
           accessTTL.seconds >= refreshTTL.seconds {
            let location = access.located?.location ?? refresh.located?.location ?? section.location
            sink.error(
                "auth.jwt.access_token_ttl (\(accessTTL.text)) must be shorter than auth.jwt.refresh_token_ttl (\(refreshTTL.text)); shorten the access token or lengthen the refresh token",
                at: location)
            ordered = false
        }
        guard ordered, let algorithm, let issuer, let audience,
              let accessTTL = access.value(or: defaults.accessTokenTTL), let refreshTTL = refresh.value(or: defaults.refreshTokenTTL)
        else { return SpecDecoder.section(section, nil as Spec.Auth.JWT?) }
        return SpecDecoder.section(section, Spec.Auth.JWT(
            algorithm: algorithm, issuer: issuer, audience: audience, accessTokenTTL: accessTTL, refreshTokenTTL: refreshTTL,
            jwks: jwks.located?.value))
    }

    private func decodePassword(_ section: Located<MappingReader>) -> SpecRead<Spec.Auth.Password> {
        let reader = section.value
        let defaults = Spec.Auth.Password()
        let cost = reader.integer("bcrypt_cost")
        if let located = cost.located, located.value < 12 {
            sink.warning("\(located.path): \(located.value) is a low bcrypt cost for production; 12 or more is recommended", at: located.location)
        }
        let minRead = reader.integer("min_length")
        let maxRead = reader.integer("max_length")
        var lengthsAgree = true
        if let minLength = minRead.value(or: defaults.minLength), let maxLength = maxRead.value(or: defaults.maxLength), minLength > maxLength {
            let location = minRead.located?.location ?? maxRead.located?.location ?? section.location
            sink.error(
                "auth.password.min_length (\(minLength)) is greater than auth.password.max_length (\(maxLength)); make min_length at most max_length",
                at: location)
            lengthsAgree = false
        }
        let require = reader.stringList("require").map { located -> SpecRead<[Spec.Auth.Password.Requirement]> in
            .valid(Located(value: located.value.compactMap { Spec.Auth.Password.Requirement(rawValue: $0.value) }, location: located.location, path: located.path))
        }.value(or: defaults.require)
        let rejectCommon = reader.boolean("reject_common").value(or: defaults.rejectCommon)
        guard lengthsAgree, let bcryptCost = cost.value(or: defaults.bcryptCost), let minLength = minRead.value(or: defaults.minLength),
              let maxLength = maxRead.value(or: defaults.maxLength), let require, let rejectCommon
        else { return SpecDecoder.section(section, nil as Spec.Auth.Password?) }
        return SpecDecoder.section(section, Spec.Auth.Password(
            bcryptCost: bcryptCost, minLength: minLength, maxLength: maxLength, require: require, rejectCommon: rejectCommon))
    }

    private func decodeRateLimits(_ section: Located<MappingReader>) -> SpecRead<Spec.Auth.RateLimits> {
        let reader = section.value
        let defaults = Spec.Auth.RateLimits()
        let login = reader.string("login").map(Self.rate(sink)).value(or: defaults.login)
        let register = reader.string("register").map(Self.rate(sink)).value(or: defaults.register)
        guard let login, let register else { return SpecDecoder.section(section, nil as Spec.Auth.RateLimits?) }
        return SpecDecoder.section(section, Spec.Auth.RateLimits(login: login, register: register))
    }

    // MARK: Values (their format is already checked by the key table's pattern)

    /// A duration within the range the server accepts for its setting (`range`).
    static func duration(_ sink: SpecDiagnostics, _ range: SettingRange) -> (Located<String>) -> SpecRead<Duration> {
        { located in
            guard let duration = Duration(parsing: located.value), range.spec.contains(duration.seconds) else {
                if let duration = Duration(parsing: located.value), duration.seconds < range.spec.lowerBound {
                    let least = SettingRanges.durationText(range.spec.lowerBound)
                    sink.error("\(located.path): '\(located.value)' is too short; use at least \(least) (the server's \(range.variable) takes at least \(range.spec.lowerBound))", at: located.location)
                    return .invalid
                }
                let most = SettingRanges.durationText(range.spec.upperBound)
                sink.error("\(located.path): '\(located.value)' is too long; use at most \(most) (the server's \(range.variable) takes at most \(range.spec.upperBound))", at: located.location)
                return .invalid
            }
            return .valid(Located(value: duration, location: located.location, path: located.path))
        }
    }

    static func rate(_ sink: SpecDiagnostics) -> (Located<String>) -> SpecRead<Rate> {
        { located in
            let parts = located.value.split(separator: "/")
            guard parts.count == 2, let period = Rate.Period(rawValue: String(parts[1])) else { return .invalid }
            guard let limit = Int(parts[0]) else {
                sink.error("\(located.path): '\(located.value)' is too large; use a smaller number", at: located.location)
                return .invalid
            }
            return .valid(Located(value: Rate(limit: limit, per: period), location: located.location, path: located.path))
        }
    }
}
