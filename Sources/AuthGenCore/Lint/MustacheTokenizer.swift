/// One Mustache tag of a template, where it starts (its opening delimiter, 1-based line and column).
package struct MustacheTag: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// `{{name}}`
        case variable
        /// `{{{name}}}` or `{{&name}}`
        case unescaped
        /// `{{#name}}`
        case section
        /// `{{^name}}`
        case inverted
        /// `{{/name}}`
        case close
        /// `{{>name}}`
        case partial
        /// `{{<name}}`: a parent template (inheritance)
        case parent
        /// `{{$name}}`: a block of a parent template
        case block
        /// `{{!...}}`
        case comment
        /// `{{=<% %>=}}`
        case setDelimiter
        /// `{{%NAME: value}}`
        case pragma
    }

    package var kind: Kind
    /// The tag's content without its sigil, trimmed: a key path such as `auth.jwt.hmac`, `.`, or `fn(name)`.
    package var name: String
    package var line: Int
    package var column: Int

    package init(kind: Kind, name: String, line: Int, column: Int) {
        self.kind = kind
        self.name = name
        self.line = line
        self.column = column
    }

    /// The tag as written with the default delimiters, for messages.
    package var written: String {
        switch kind {
        case .variable: "{{\(name)}}"
        case .unescaped: "{{{\(name)}}}"
        case .section: "{{#\(name)}}"
        case .inverted: "{{^\(name)}}"
        case .close: "{{/\(name)}}"
        case .partial: "{{>\(name)}}"
        case .parent: "{{<\(name)}}"
        case .block: "{{$\(name)}}"
        case .comment: "{{!\(name)}}"
        case .setDelimiter: "{{=\(name)=}}"
        case .pragma: "{{%\(name)}}"
        }
    }
}

/// A template that cannot be split into tags: a tag is never closed, or a set-delimiter tag is malformed.
package struct MustacheSyntaxError: Error, Sendable, Equatable {
    package var message: String
    package var line: Int
    package var column: Int
}

/// Splits a Mustache template into its tags with their positions (swift-mustache's parser keeps no positions).
/// Text between tags is skipped: the linter only needs the tags.
package enum MustacheTokenizer {
    package static func tags(in text: String) -> Result<[MustacheTag], MustacheSyntaxError> {
        let characters = Array(text)
        var open = Array("{{"), close = Array("}}")
        var tags: [MustacheTag] = []
        var index = 0, line = 1, column = 1

        func matches(_ delimiter: [Character], at position: Int) -> Bool {
            guard position + delimiter.count <= characters.count else { return false }
            return Array(characters[position..<(position + delimiter.count)]) == delimiter
        }
        /// Moves to `target`, counting lines and columns on the way.
        func advance(to target: Int) {
            while index < target {
                if characters[index].isNewline { line += 1; column = 1 } else { column += 1 }
                index += 1
            }
        }
        func find(_ delimiter: [Character], from start: Int) -> Int? {
            var position = start
            while position + delimiter.count <= characters.count {
                if matches(delimiter, at: position) { return position }
                position += 1
            }
            return nil
        }

        while index < characters.count {
            guard matches(open, at: index) else {
                advance(to: index + 1)
                continue
            }
            let tagLine = line, tagColumn = column
            var contentStart = index + open.count
            // `{{{name}}}` with the default delimiters: the content ends at `}}}`.
            let triple = open == Array("{{") && contentStart < characters.count && characters[contentStart] == "{"
            if triple { contentStart += 1 }
            let closing = triple ? Array("}}}") : close
            guard let contentEnd = find(closing, from: contentStart) else {
                return .failure(MustacheSyntaxError(
                    message: "tag is never closed: add '\(String(closing))'", line: tagLine, column: tagColumn))
            }
            let raw = String(characters[contentStart..<contentEnd]).trimmingCharacters(in: .whitespacesAndNewlines)
            var kind = MustacheTag.Kind.variable
            var name = raw
            if triple {
                kind = .unescaped
            } else if let sigil = raw.first {
                let sigils: [Character: MustacheTag.Kind] = [
                    "#": .section, "^": .inverted, "/": .close, ">": .partial, "<": .parent, "$": .block,
                    "!": .comment, "&": .unescaped, "=": .setDelimiter, "%": .pragma,
                ]
                if let found = sigils[sigil] {
                    kind = found
                    name = String(raw.dropFirst()).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            if kind == .setDelimiter {
                guard name.hasSuffix("=") else {
                    return .failure(MustacheSyntaxError(
                        message: "set-delimiter tag must end with '=', e.g. {{=<% %>=}}", line: tagLine, column: tagColumn))
                }
                name = String(name.dropLast()).trimmingCharacters(in: .whitespaces)
                let parts = name.split(whereSeparator: \.isWhitespace)
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    return .failure(MustacheSyntaxError(
                        message: "set-delimiter tag needs two delimiters separated by a space, e.g. {{=<% %>=}}", line: tagLine, column: tagColumn))
                }
                open = Array(parts[0])
                close = Array(parts[1])
            }
            tags.append(MustacheTag(kind: kind, name: name, line: tagLine, column: tagColumn))
            advance(to: contentEnd + closing.count)
        }
        return .success(tags)
    }
}
