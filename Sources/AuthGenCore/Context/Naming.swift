/// Turns spec names into the names generated code uses.
public enum Naming {
    /// Words that keep their upper-case spelling in titles.
    private static let acronyms: Set<String> = ["api", "jwt", "id", "url", "http", "sql", "ui", "io"]

    /// `blog-api` → `Blog API`, `hello-auth` → `Hello Auth`.
    public static func title(_ name: String) -> String {
        words(name).map { acronyms.contains($0) ? $0.uppercased() : capitalized($0) }.joined(separator: " ")
    }

    /// `blog_post` → `BlogPost`.
    public static func typeName(_ name: String) -> String {
        words(name).map(capitalized).joined()
    }

    /// `published_at` → `publishedAt`.
    public static func variableName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return name }
        return first + parts.dropFirst().map(capitalized).joined()
    }

    /// English plural of a lower snake-case name: `post` → `posts`, `category` → `categories`.
    public static func plural(_ name: String) -> String {
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
    public static func swiftLiteral(_ value: String) -> String {
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
    public static func swiftArrayLiteral(_ values: [String]) -> String {
        "[" + values.map(swiftLiteral).joined(separator: ", ") + "]"
    }

    private static func words(_ name: String) -> [String] {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).map { $0.lowercased() }
    }

    private static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }
}
