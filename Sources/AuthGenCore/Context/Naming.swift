/// Turns spec names into the names generated code uses.
package enum Naming {
    /// Words that keep their upper-case spelling in titles.
    private static let acronyms: Set<String> = ["api", "jwt", "id", "url", "http", "sql", "ui", "io"]

    /// `blog-api` → `Blog API`, `hello-auth` → `Hello Auth`.
    package static func title(_ name: String) -> String {
        words(name).map { acronyms.contains($0) ? $0.uppercased() : capitalized($0) }.joined(separator: " ")
    }

    /// `blog_post` → `BlogPost`.
    package static func typeName(_ name: String) -> String {
        words(name).map(capitalized).joined()
    }

    /// `published_at` → `publishedAt`.
    package static func variableName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return name }
        return first + parts.dropFirst().map(capitalized).joined()
    }

    /// A Swift property name for a spec field: `published_at` → `publishedAt`. A name Swift reserves (`default`,
    /// `class`, `self`) or one the generated code already uses for its own variables in the same scope gets the
    /// suffix `Value` (`default` → `defaultValue`); the JSON key and the column keep the spec's name.
    package static func propertyName(_ name: String) -> String {
        let plain = variableName(name)
        return reservedPropertyNames.contains(plain) ? plain + "Value" : plain
    }

    /// Swift keywords, and the local names the resource templates use next to a field's property.
    static let reservedPropertyNames: Set<String> = Set(SpecKeys.swiftKeywords + [
        "row", "rows", "item", "items", "binds", "assignments", "sql", "changes",
        "input", "body", "container", "encoder", "id", "authorID", "createdAt", "updatedAt",
    ])

    /// An SQL identifier in double quotes (standard SQL: SQLite and PostgreSQL both read it), so that a name such as
    /// `order` or `from` is never read as a keyword.
    package static func sqlIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The quoted identifier as it appears inside a Swift string literal: `\"order\"`.
    package static func sqlIdentifierInSwiftString(_ name: String) -> String {
        sqlIdentifier(name).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// English plural of a lower snake-case name: `post` → `posts`, `category` → `categories`.
    package static func plural(_ name: String) -> String {
        let irregular = ["person": "people", "child": "children", "man": "men", "woman": "women"]
        var parts = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.popLast() else { return name }
        let plural: String
        if let word = irregular[last] {
            plural = word
        } else if last.hasSuffix("y"), let beforeY = last.dropLast().last, !"aeiou".contains(beforeY) {
            plural = last.dropLast() + "ies"
        } else if ["s", "x", "z", "ch", "sh"].contains(where: { last.hasSuffix($0) }) {
            plural = last + "es"
        } else {
            plural = last + "s"
        }
        return (parts + [plural]).joined(separator: "_")
    }

    /// A Swift string literal, with quotes, that reads back as `value`.
    package static func swiftLiteral(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\0": escaped += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return "\"\(escaped)\""
    }

    /// A Swift array literal of string literals.
    package static func swiftArrayLiteral(_ values: [String]) -> String {
        "[" + values.map(swiftLiteral).joined(separator: ", ") + "]"
    }

    private static func words(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).map { $0.lowercased() }
    }

    private static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }
}
