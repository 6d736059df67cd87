/// A small JSON value with a deterministic pretty printer (sorted keys, two-space indent).
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Pretty-printed with sorted keys; the same value always gives the same bytes.
    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .null:
            return "null"
        case .bool(let value):
            return value ? "true" : "false"
        case .int(let value):
            return String(value)
        case .string(let value):
            return JSONValue.quoted(value)
        case .array(let items):
            if items.isEmpty { return "[]" }
            let body = items.map { pad + $0.rendered(indent: indent + 1) }.joined(separator: ",\n")
            return "[\n\(body)\n\(closePad)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let body = members.keys.sorted().map { key in
                pad + JSONValue.quoted(key) + ": " + (members[key] ?? .null).rendered(indent: indent + 1)
            }.joined(separator: ",\n")
            return "{\n\(body)\n\(closePad)}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
