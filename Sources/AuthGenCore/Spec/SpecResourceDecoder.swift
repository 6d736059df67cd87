import Foundation

/// Decodes `resources`: names (unique, not keywords, not built-in routes), fields with their defaults, and access rules.
struct SpecResourceDecoder {
    let sink: SpecDiagnostics
    /// The spec's role names, which access lists may name; nil when `roles` itself was invalid (then a name
    /// missing from it is not reported again).
    var roles: [String]? = []

    func decode(_ list: Located<[MappingReader?]>) -> SpecRead<[Spec.Resource]> {
        var resources: [Spec.Resource] = []
        var seen: [String: String] = [:]
        var swiftNames: [String: Located<String>] = [:]
        var valid = true
        sink.locations.resourceList = list.location
        for reader in list.value {
            guard let reader else { valid = false; continue }
            let name = reader.string("name")
            if let located = name.located, !checkName(located, seen: seen) { valid = false }
            if let located = name.located, seen[located.value] == nil,
               !checkSwiftName(located, kind: "resource", swiftName: Naming.typeName(located.value), as: "type", seen: &swiftNames) {
                valid = false
            }
            if let located = name.located, seen[located.value] == nil { seen[located.value] = reader.base.path }
            if let located = name.located { sink.locations.resourcesByName[located.value] = sink.location(of: reader.base.node) }
            let owned = reader.boolean("owned")
            let fields = decodeFields(reader, resource: name.located?.value)
            let access = decodeAccess(reader, owned: owned)
            reader.finish()
            guard let name = name.located?.value, let owned = owned.value(or: true), let fields, let access else {
                valid = false
                continue
            }
            resources.append(Spec.Resource(name: name, fields: fields, owned: owned, access: access))
        }
        guard valid else { return .invalid }
        return .valid(Located(value: resources, location: list.location, path: list.path))
    }

    // MARK: Names

    private func checkName(_ name: Located<String>, seen: [String: String]) -> Bool {
        if let first = seen[name.value] {
            sink.error("\(name.path): a resource named '\(name.value)' is already defined (\(first)); resource names must be unique", at: name.location)
            return false
        }
        if SpecKeys.swiftKeywords.contains(name.value) {
            sink.error("\(name.path): '\(name.value)' is a Swift keyword; choose another name", at: name.location)
            return false
        }
        let plural = SpecResourceDecoder.plural(of: name.value)
        if let route = [name.value, plural].first(where: SpecKeys.builtInRoutes.contains) {
            sink.error(
                "\(name.path): '\(name.value)' clashes with the built-in route /\(route) (built-in: \(SpecKeys.builtInRoutes.joined(separator: ", "))); choose another name",
                at: name.location)
            return false
        }
        if SpecKeys.builtInTables.contains(plural) {
            sink.error(
                "\(name.path): '\(name.value)' would store its items in the table \(plural), which the server already uses (built-in: \(SpecKeys.builtInTables.joined(separator: ", "))); choose another name",
                at: name.location)
            return false
        }
        if let clash = Self.swiftTypeNames(of: name.value).first(where: SpecKeys.builtInSwiftNames.contains) {
            sink.error(
                "\(name.path): '\(name.value)' would declare the Swift type \(clash), which the generated server already has or uses; choose another name (e.g. \(name.value)_item or a word of your domain)",
                at: name.location)
            return false
        }
        return true
    }

    /// Two spec names that become one Swift name (`field_1` and `field1`, `a_b` and `a__b`) would declare it twice:
    /// the second is refused, naming the first.
    private func checkSwiftName(_ name: Located<String>, kind: String, swiftName: String, as what: String,
                                seen: inout [String: Located<String>]) -> Bool {
        if let first = seen[swiftName] {
            let place = "\(first.location.line):\(first.location.column)"
            sink.error(
                "\(name.path): the \(kind) '\(name.value)' and the \(kind) '\(first.value)' (\(first.path), line \(place)) both become the Swift \(what) \(swiftName); rename one of them",
                at: name.location)
            return false
        }
        seen[swiftName] = name
        return true
    }

    /// The Swift types and file base names a resource brings (see the `for_each: resources` templates).
    static func swiftTypeNames(of name: String) -> [String] {
        let type = Naming.typeName(name)
        return [type, "New\(type)", "\(type)Changes", "\(type)Response", "\(type)CreateRequest", "\(type)UpdateRequest",
                "\(type)Controller", "\(type)Repository", "\(type)Tests"]
    }

    /// English plural of a lower snake case name, as routes use it (`post` → `posts`, `category` → `categories`).
    static func plural(of name: String) -> String {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if name.hasSuffix("y"), name.count > 1, !vowels.contains(name[name.index(name.endIndex, offsetBy: -2)]) {
            return String(name.dropLast()) + "ies"
        }
        if ["s", "x", "z", "ch", "sh"].contains(where: name.hasSuffix) { return name + "es" }
        return name + "s"
    }

    // MARK: Fields

    private func decodeFields(_ reader: MappingReader, resource: String?) -> [Spec.Resource.Field]? {
        // A missing `fields` key is reported by finish() as a missing required key.
        guard let entries = reader.namedObjects("fields").located?.value else { return nil }
        var fields: [Spec.Resource.Field] = []
        var valid = true
        var swiftNames: [String: Located<String>] = [:]
        for entry in entries {
            if !checkSwiftName(entry.name, kind: "field", swiftName: Naming.propertyName(entry.name.value), as: "property", seen: &swiftNames) {
                valid = false
            }
            if let resource { sink.locations.fieldsByPath["\(resource).\(entry.name.value)"] = entry.name.location }
            guard let fieldReader = entry.reader, let field = decodeField(name: entry.name.value, fieldReader) else {
                valid = false
                continue
            }
            fields.append(field)
        }
        return valid ? fields : nil
    }

    private func decodeField(name: String, _ reader: MappingReader) -> Spec.Resource.Field? {
        let type = reader.choice("type", as: Spec.Resource.Field.FieldType.self)
        let maxLength = reader.integer("max_length")
        let optional = reader.boolean("optional").value(or: false)
        var valid = true
        if let located = maxLength.located, let fieldType = type.located?.value, fieldType != .string, fieldType != .text {
            sink.error(
                "\(located.path): only a string or text field can have max_length, this field is \(fieldType.rawValue); remove max_length or use type: string or text",
                at: reader.keyLocation("max_length") ?? located.location)
            valid = false
        }
        var defaultValue: Spec.Resource.DefaultValue?
        if let node = reader.node("default"), let fieldType = type.located?.value {
            defaultValue = decodeDefault(node, type: fieldType, maxLength: maxLength.located?.value)
            if defaultValue == nil { valid = false }
        }
        reader.finish()
        guard valid, let fieldType = type.located?.value, !maxLength.isInvalid, let optional else { return nil }
        return Spec.Resource.Field(name: name, type: fieldType, maxLength: maxLength.located?.value, defaultValue: defaultValue, optional: optional)
    }

    private func decodeDefault(_ node: SpecNode, type: Spec.Resource.Field.FieldType, maxLength: Int?) -> Spec.Resource.DefaultValue? {
        let location = sink.location(of: node.node)
        let kind = node.kind
        func mismatch(_ expected: String, fix: String = "") -> Spec.Resource.DefaultValue? {
            sink.error("\(node.path): expected \(expected) for a field of type \(type.rawValue), found \(kind.found)\(fix)", at: location)
            return nil
        }
        switch (type, kind) {
        case (.string, .string(let text)), (.text, .string(let text)):
            if let maxLength, text.count > maxLength {
                sink.error("\(node.path): the default has \(text.count) characters but max_length is \(maxLength); shorten the default or raise max_length", at: location)
                return nil
            }
            return .string(text)
        case (.string, _), (.text, _):
            return mismatch("a string", fix: kind.scalarText == nil ? "" : "; put it in quotes")
        case (.int, .integer(let value, _)):
            return .int(value)
        case (.int, _):
            return mismatch("an integer")
        case (.double, .integer(let value, _)):
            return .double(Double(value))
        case (.double, .number(let value, _)) where value.isFinite:
            return .double(value)
        case (.double, _):
            return mismatch("a finite number")
        case (.bool, .boolean(let value, _)):
            return .bool(value)
        case (.bool, _):
            return mismatch("a boolean (true or false)")
        case (.date, .timestamp(let text)), (.date, .string(let text)):
            guard SpecScalarReader.matches(text, SpecResourceDecoder.datePattern) else { return mismatch("a date such as 2024-01-31 or 2024-01-31T12:00:00Z") }
            if let problem = SpecResourceDecoder.calendarProblem(text) {
                sink.error("\(node.path): '\(text)' is not a date of the calendar (\(problem)); use a real date such as 2024-01-31", at: location)
                return nil
            }
            return .string(text)
        case (.date, _):
            return mismatch("a date such as 2024-01-31 or 2024-01-31T12:00:00Z")
        }
    }

    /// Why a text matching `datePattern` names no real moment (month 13, February 30th, hour 25), or nil.
    static func calendarProblem(_ text: String) -> String? {
        let digits = text.split(whereSeparator: { !$0.isNumber }).map { Int($0) ?? -1 }
        guard digits.count >= 3 else { return "year, month and day are needed" }
        let (year, month, day) = (digits[0], digits[1], digits[2])
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return "month \(month) of \(year) has days 1 to \(days)" }
        guard year >= 1 else { return "there is no year 0" }
        guard digits.count >= 6 else { return nil }
        let (hour, minute, second) = (digits[3], digits[4], digits[5])
        guard hour <= 23, minute <= 59, second <= 59 else { return "the time must be between 00:00:00 and 23:59:59" }
        // An offset follows the seconds (and the fraction, when there is one).
        let offset = text.contains(".") ? Array(digits.dropFirst(7)) : Array(digits.dropFirst(6))
        if offset.count == 2, offset[0] > 23 || offset[1] > 59 { return "the offset must be between -23:59 and +23:59" }
        return nil
    }

    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"

    // MARK: Access

    private func decodeAccess(_ reader: MappingReader, owned ownedRead: SpecRead<Bool>) -> Spec.Resource.Access? {
        let defaults = Spec.Resource.Access()
        let owned = ownedRead.value(or: true) ?? true
        guard case .valid(let section) = reader.object("access") else {
            if reader.has("access") { return nil }
            return checkDefaultOwnerAccess(defaults, owned: ownedRead) ? defaults : nil
        }
        let access = section.value
        let list = accessRule(access, "list")
        let read = accessRule(access, "read")
        let create = accessRule(access, "create")
        let update = accessRule(access, "update")
        let delete = accessRule(access, "delete")
        access.finish()
        var valid = true
        for (action, level) in [("list", list), ("create", create)] {
            if let located = level.located, located.value.namesOwner {
                let why = action == "list" ? "a list has no single owner); use public, authenticated or superuser"
                    : "an item has no owner before it is created); use authenticated or superuser"
                sink.error("\(located.path): 'owner' is not possible for \(action) (\(why)", at: located.location)
                valid = false
            }
        }
        if !owned {
            var implicit: [String] = []
            for (action, level, fallback) in [("read", read, defaults.read), ("update", update, defaults.update), ("delete", delete, defaults.delete)] {
                if let located = level.located, located.value.namesOwner {
                    sink.error(
                        "\(located.path): 'owner' needs an owned resource, but \(reader.base.path) has owned: false; use \(action == "read" ? "public, " : "")authenticated or superuser",
                        at: located.location)
                    valid = false
                } else if case .absent = level, fallback == .owner {
                    implicit.append(action)
                }
            }
            if !implicit.isEmpty, let located = ownedRead.located {
                reportImplicitOwner(implicit, owned: located, parent: reader.base.path)
                valid = false
            }
        }
        guard valid,
              let list = list.value(or: defaults.list), let read = read.value(or: defaults.read), let create = create.value(or: defaults.create),
              let update = update.value(or: defaults.update), let delete = delete.value(or: defaults.delete)
        else { return nil }
        return Spec.Resource.Access(list: list, read: read, create: create, update: update, delete: delete)
    }

    /// One action's access: a level, or a list of principals (levels but `public`, and the spec's roles).
    private func accessRule(_ access: MappingReader, _ action: String) -> SpecRead<Spec.Resource.AccessRule> {
        guard let node = access.node(action) else { return .absent }
        let levels = SpecKeys.accessLevels
        let location = sink.location(of: node.node)
        guard case .sequence(let sequence) = node.node else {
            if case .string(let text) = node.kind, let roles, roles.contains(text) {
                sink.error("\(node.path): a role goes in a list of who may: use [\(text)] (or e.g. [owner, \(text)])", at: location)
                return .invalid
            }
            return SpecScalarReader(sink: sink).choice(node, among: levels).map { located in
                guard let level = Spec.Resource.AccessLevel(rawValue: located.value) else { return .invalid }
                return .valid(Located(value: .level(level), location: located.location, path: located.path))
            }
        }
        guard !sequence.isEmpty else {
            sink.error("\(node.path): an empty list lets no one but superusers; write superuser, or name who may (e.g. [owner, editor])", at: location)
            return .invalid
        }
        let allowed = levels.filter { $0 != "public" } + (roles ?? [])
        var principals: [String] = []
        var valid = true
        for (index, item) in sequence.enumerated() {
            let itemNode = SpecNode(node: item, path: "\(node.path)[\(index)]", schemaPath: "\(node.schemaPath)[]")
            let itemLocation = sink.location(of: item)
            guard case .string(let text) = itemNode.kind else {
                sink.error("\(itemNode.path): expected a name (\(allowed.joined(separator: ", "))), found \(itemNode.kind.found)", at: itemLocation)
                valid = false
                continue
            }
            if text == "public" {
                sink.error("\(itemNode.path): public stands alone (anyone may, so a list adds nothing); write \(action): public", at: itemLocation)
                valid = false
            } else if principals.contains(text) {
                sink.error("\(itemNode.path): '\(text)' is listed twice; list each once", at: itemLocation)
                valid = false
            } else if !allowed.contains(text) {
                guard roles != nil else { valid = false; continue }
                let suggestion = NearestName.suggestion(for: text, among: allowed).map { "did you mean '\($0)'? " } ?? ""
                let known = (roles ?? []).isEmpty ? "the spec has no roles: add it under 'roles' (e.g. roles: {\(YAMLNodeKind.shortened(text)): {description: ...}})"
                    : "known roles: \((roles ?? []).joined(separator: ", "))"
                sink.error("\(itemNode.path): unknown role '\(YAMLNodeKind.shortened(text))'; \(suggestion)\(known); levels: authenticated, owner, superuser", at: itemLocation)
                valid = false
            } else {
                principals.append(text)
            }
        }
        guard valid else { return .invalid }
        return .valid(Located(value: .anyOf(principals), location: location, path: node.path))
    }

    /// Without an `access` key the defaults apply; on an unowned resource their `owner` levels are impossible.
    private func checkDefaultOwnerAccess(_ defaults: Spec.Resource.Access, owned: SpecRead<Bool>) -> Bool {
        guard let located = owned.located, !located.value else { return true }
        let implicit = [("read", defaults.read), ("update", defaults.update), ("delete", defaults.delete)]
            .filter { $0.1 == .owner }.map(\.0)
        guard !implicit.isEmpty else { return true }
        let parent = String(located.path.dropLast(".owned".count))
        reportImplicitOwner(implicit, owned: located, parent: parent)
        return false
    }

    private func reportImplicitOwner(_ actions: [String], owned: Located<Bool>, parent: String) {
        let list = actions.joined(separator: " and ")
        let keys = actions.map { "access.\($0)" }.joined(separator: " and ")
        sink.error(
            "\(owned.path): a resource with owned: false cannot keep the default 'owner' access for \(list); set \(keys) to authenticated or superuser",
            at: owned.location)
    }
}
