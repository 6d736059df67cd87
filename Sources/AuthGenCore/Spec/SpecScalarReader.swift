import Foundation

/// Reads one scalar node as the type the key table declares, reporting wrong types and bad values.
struct SpecScalarReader {
    let sink: SpecDiagnostics

    func string(_ node: SpecNode, format: SpecFormat?, nonEmpty: Bool) -> SpecRead<String> {
        let location = sink.location(of: node.node)
        let text: String
        switch node.kind {
        case .string(let value), .timestamp(let value):
            text = value
        case .integer(_, let value) where format != nil, .number(_, let value) where format != nil:
            // e.g. a duration written without its unit: the format check explains the fix.
            text = value
        case let kind:
            sink.error("\(node.path): expected a string, found \(kind.found)\(quoteHint(kind))", at: location)
            return .invalid
        }
        if nonEmpty, text.trimmingCharacters(in: .whitespaces).isEmpty {
            let fix = format.map { "; use \($0.hint)" } ?? "; set a value or remove the key to take the default"
            sink.error("\(node.path): must not be empty\(fix)", at: location)
            return .invalid
        }
        if let format {
            if !SpecScalarReader.matches(text, format.pattern) {
                let fix = SpecScalarReader.specificFix(for: text, format: format) ?? "use \(format.hint)"
                sink.error("\(node.path): '\(YAMLNodeKind.shortened(text))' is not valid; \(fix)", at: location)
                return .invalid
            }
            if let maxLength = format.maxLength, text.count > maxLength {
                sink.error("\(node.path): '\(YAMLNodeKind.shortened(text))' is too long (\(text.count) characters); use at most \(maxLength)", at: location)
                return .invalid
            }
        }
        return .valid(Located(value: text, location: location, path: node.path))
    }

    func integer(_ node: SpecNode, minimum: Int?, maximum: Int?) -> SpecRead<Int> {
        let location = sink.location(of: node.node)
        guard case .integer(let value, _) = node.kind else {
            var fix = ""
            if case .string(let text) = node.kind, Int(text) != nil { fix = "; remove the quotes" }
            sink.error("\(node.path): expected an integer, found \(node.kind.found)\(fix)", at: location)
            return .invalid
        }
        let tooSmall = minimum.map { value < $0 } ?? false
        let tooLarge = maximum.map { value > $0 } ?? false
        if tooSmall || tooLarge {
            let allowed = switch (minimum, maximum) {
            case let (min?, max?) where min == max: "use \(min)"
            case let (min?, max?): "use a value from \(min) to \(max)"
            case let (min?, nil): "use \(min) or more"
            case let (nil, max?): "use \(max) or less"
            case (nil, nil): ""
            }
            if let minimum, minimum == maximum {
                sink.error("\(node.path): \(value) is not supported; use \(minimum)", at: location)
            } else {
                sink.error("\(node.path): \(value) is out of range; \(allowed)", at: location)
            }
            return .invalid
        }
        return .valid(Located(value: value, location: location, path: node.path))
    }

    func boolean(_ node: SpecNode) -> SpecRead<Bool> {
        let location = sink.location(of: node.node)
        guard case .boolean(let value, _) = node.kind else {
            sink.error("\(node.path): expected a boolean (true or false), found \(node.kind.found)", at: location)
            return .invalid
        }
        return .valid(Located(value: value, location: location, path: node.path))
    }

    func choice(_ node: SpecNode, among allowed: [String]) -> SpecRead<String> {
        let location = sink.location(of: node.node)
        let list = allowed.joined(separator: ", ")
        // YAML reads a plain `off`, `on`, `yes` or `no` as a boolean; where the choice offers that word, it is the word.
        if case .boolean(_, let text) = node.kind, allowed.contains(text) {
            return .valid(Located(value: text, location: location, path: node.path))
        }
        guard case .string(let text) = node.kind else {
            sink.error("\(node.path): expected one of \(list), found \(node.kind.found)", at: location)
            return .invalid
        }
        guard allowed.contains(text) else {
            let suggestion = NearestName.suggestion(for: text, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
            sink.error("\(node.path): unknown value '\(YAMLNodeKind.shortened(text))'\(suggestion) (allowed: \(list))", at: location)
            return .invalid
        }
        return .valid(Located(value: text, location: location, path: node.path))
    }

    /// Reads a scalar of the given table type (used for list items).
    func scalar(_ node: SpecNode, as type: SpecKeyType) -> SpecRead<String> {
        switch type {
        case .string(let format, let nonEmpty):
            string(node, format: format, nonEmpty: nonEmpty)
        case .choice(let allowed):
            choice(node, among: allowed)
        default:
            // The key table only declares lists of strings and choices.
            string(node, format: nil, nonEmpty: false)
        }
    }

    /// A more precise fix than the format's general hint, for common mistakes.
    static func specificFix(for text: String, format: SpecFormat) -> String? {
        switch format.pattern {
        case SpecKeys.origin.pattern:
            if let port = text.split(separator: ":").last, text.split(separator: ":").count == 3, let number = Int(port), !(1...65535).contains(number) {
                return "port \(number) is out of range, use a port from 1 to 65535"
            }
            if text.hasSuffix("/"), matches(String(text.dropLast()), format.pattern) { return "remove the trailing '/'" }
            if let scheme = text.range(of: "://") {
                let name = text[..<scheme.lowerBound]
                if name != "http" && name != "https" { return "use the scheme http or https" }
                if text[scheme.upperBound...].contains("/") { return "remove the path: an origin is scheme://host[:port] (e.g. https://app.example.com)" }
            }
            return nil
        case SpecKeys.apiPrefix.pattern:
            let trimmed = text.split(separator: "/").joined(separator: "/")
            if !text.hasPrefix("/") { return "start it with '/' (e.g. /\(trimmed))" }
            if text.hasSuffix("/"), matches(String(text.dropLast()), format.pattern) { return "remove the trailing '/'" }
            return nil
        case SpecKeys.duration.pattern:
            if text.allSatisfy(\.isNumber) { return "add a unit: s, m, h or d (e.g. \(text)s)" }
            if text.hasPrefix("0") { return "use a whole number of at least 1 followed by s, m, h or d, e.g. 30m" }
            return nil
        case SpecKeys.rate.pattern:
            if text.hasPrefix("0") { return "the number of requests must be at least 1 (e.g. 5/minute)" }
            return nil
        case SpecKeys.relativePath.pattern:
            if text.hasPrefix("/") { return "use a path relative to the working directory (e.g. data/app.sqlite)" }
            if text.split(separator: "/").contains("..") { return "remove '..': the path must stay inside the working directory" }
            return nil
        default:
            return nil
        }
    }

    private func quoteHint(_ kind: YAMLNodeKind) -> String {
        switch kind {
        case .integer, .number, .boolean: "; put the value in quotes if it is meant as text"
        default: ""
        }
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        guard let match = regex.firstMatch(in: text, options: [.anchored], range: range) else { return false }
        return match.range == range
    }
}
