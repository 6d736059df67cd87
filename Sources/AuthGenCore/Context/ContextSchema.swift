/// A type of the render context that describes its own keys, next to its definition (see `RenderContext`).
/// `ContextSchema` is assembled from these descriptions; a test checks them against the JSON a real context encodes to,
/// so the reference and `authgen lint` cannot drift from the model.
package protocol ContextDescribed {
    static var contextKeys: [ContextKey] { get }
}

/// The type of one context key as templates see it.
package indirect enum ContextType: Sendable, Equatable {
    case string
    case int
    case bool
    /// A list of strings: a section over it sees each string as `{{.}}`.
    case stringList
    case object([ContextKey])
    /// A list of objects: a section or `for_each` over it sees each element's keys.
    case list([ContextKey])

    /// What the reference prints in its type column.
    package var name: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case .bool: "bool"
        case .stringList: "list of strings"
        case .object: "object"
        case .list: "list of objects"
        }
    }

    /// The keys of an object, or of each element of a list of objects.
    package var members: [ContextKey]? {
        switch self {
        case .object(let keys), .list(let keys): keys
        default: nil
        }
    }

    /// Whether a manifest condition (`when`, `enabled_when`) may test it: a flag, or a list (true when not empty).
    package var isCondition: Bool {
        switch self {
        case .bool, .stringList, .list: true
        default: false
        }
    }
}

/// One key of the context: its JSON name, its type and a one-line meaning.
package struct ContextKey: Sendable, Equatable {
    package var name: String
    package var type: ContextType
    package var meaning: String

    package init(name: String, type: ContextType, meaning: String) {
        self.name = name
        self.type = type
        self.meaning = meaning
    }

    package static func string(_ name: String, _ meaning: String) -> ContextKey { .init(name: name, type: .string, meaning: meaning) }
    package static func int(_ name: String, _ meaning: String) -> ContextKey { .init(name: name, type: .int, meaning: meaning) }
    package static func bool(_ name: String, _ meaning: String) -> ContextKey { .init(name: name, type: .bool, meaning: meaning) }
    package static func strings(_ name: String, _ meaning: String) -> ContextKey { .init(name: name, type: .stringList, meaning: meaning) }

    package static func object<T: ContextDescribed>(_ name: String, _ type: T.Type, _ meaning: String) -> ContextKey {
        .init(name: name, type: .object(T.contextKeys), meaning: meaning)
    }

    package static func list<T: ContextDescribed>(_ name: String, of type: T.Type, _ meaning: String) -> ContextKey {
        .init(name: name, type: .list(T.contextKeys), meaning: meaning)
    }
}

/// Every key of the render context with its type and meaning, from the descriptions beside `RenderContext`'s types.
package enum ContextSchema {
    /// The keys at the top of the context.
    package static var keys: [ContextKey] { RenderContext.contextKeys }

    /// Every key path with its type: objects' members as `a.b`, list elements' members as `a[].b`.
    package static var paths: [(path: String, type: ContextType)] {
        func walk(_ keys: [ContextKey], prefix: String) -> [(path: String, type: ContextType)] {
            keys.flatMap { key -> [(path: String, type: ContextType)] in
                let path = prefix + key.name
                switch key.type {
                case .object(let members): return [(path, key.type)] + walk(members, prefix: path + ".")
                case .list(let members): return [(path, key.type)] + walk(members, prefix: path + "[].")
                default: return [(path, key.type)]
                }
            }
        }
        return walk(keys, prefix: "")
    }

    package static let referenceBegin = "<!-- context-reference:begin -->"
    package static let referenceEnd = "<!-- context-reference:end -->"

    /// The Markdown reference `authgen context --reference` prints: one table for the top of the context (objects
    /// flattened to dotted keys), then one section per list of objects with the keys of its elements.
    package static func markdownReference() -> String {
        var sections: [String] = []
        var lists: [(title: String, keys: [ContextKey])] = []

        func rows(_ keys: [ContextKey], prefix: String, listPrefix: String) -> [String] {
            keys.flatMap { key -> [String] in
                let path = prefix + key.name
                switch key.type {
                case .object(let members):
                    return rows(members, prefix: path + ".", listPrefix: listPrefix)
                case .list(let members):
                    lists.append((listPrefix + path, members))
                    return ["| `\(path)` | list of objects (see below) | \(key.meaning) |"]
                default:
                    return ["| `\(path)` | \(key.type.name) | \(key.meaning) |"]
                }
            }
        }
        let header = ["| key | type | meaning |", "| --- | --- | --- |"]

        sections.append((["""
            Every key a template can print or test. A file with `for_each: LIST` sees the keys of one element of \
            LIST on top of these; inside `{{#LIST}}…{{/LIST}}` the element's keys are in scope as well as the \
            outer ones. Generated by `authgen context --reference` from the context model; `authgen lint` checks \
            every template against it.
            """, ""] + header + rows(keys, prefix: "", listPrefix: "")).joined(separator: "\n"))
        var index = 0
        while index < lists.count {
            let (title, members) = lists[index]
            let body = rows(members, prefix: "", listPrefix: title + "[].")
            sections.append((["### Each element of `\(title)`", ""] + header + body).joined(separator: "\n"))
            index += 1
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// `text` with the part between the reference markers replaced by `reference`; nil when the markers are missing.
    package static func replacingReference(in text: String, with reference: String) -> String? {
        guard let begin = text.range(of: referenceBegin), let end = text.range(of: referenceEnd, range: begin.upperBound..<text.endIndex)
        else { return nil }
        return String(text[..<begin.upperBound]) + "\n" + reference + String(text[end.lowerBound...])
    }
}
