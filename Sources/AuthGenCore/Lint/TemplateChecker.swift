/// Checks the tags of one template against the context keys in scope: every name must resolve as swift-mustache would
/// resolve it, every section must be closed by its own name, and partials (which authgen does not render) are reported.
package struct TemplateChecker: Sendable {
    /// One level of the context stack: the keys a lookup can find there.
    package struct Frame: Sendable, Equatable {
        package var keys: [ContextKey]
        /// How a key of this frame is named in messages and in symbolic output paths, e.g. `resources[].`.
        package var prefix: String
        /// The frame is an element of a list (sequence transforms such as `first()` work here).
        package var isListElement: Bool
        /// A section over an unknown key (already reported): every name resolves inside it.
        package var isUnknown: Bool

        package init(keys: [ContextKey], prefix: String = "", isListElement: Bool = false, isUnknown: Bool = false) {
            self.keys = keys
            self.prefix = prefix
            self.isListElement = isListElement
            self.isUnknown = isUnknown
        }
    }

    /// What a name resolves to.
    package enum Resolution: Sendable, Equatable {
        /// `path`: the key's full path (e.g. `resources[].typeName`); `type` nil for `.` and transforms.
        case found(path: String, type: ContextType?)
        case unknown(suggestion: String?)
    }

    /// swift-mustache's transforms (`{{uppercased(name)}}`); the sequence ones also work without an argument.
    static let transforms: Set<String> = [
        "empty", "capitalized", "lowercased", "uppercased", "reversed", "first", "last", "count", "sorted", "enumerated",
        "equalzero", "plusone", "minusone", "even", "odd", "index",
    ]
    static let sequenceTransforms: Set<String> = ["first", "last", "index", "even", "odd"]

    /// The frames at the top of the template, outermost first.
    package var frames: [Frame]

    package init(frames: [Frame]) {
        self.frames = frames
    }

    /// What `check` found.
    package struct Result: Sendable, Equatable {
        package var diagnostics: [Diagnostic]
        /// The partials (and parents) the template names.
        package var partials: [String]
        /// Sections and tags are well formed (whatever the names they use).
        package var isWellFormed: Bool
    }

    /// Every problem of `text`, at `file:line:column`.
    package func check(_ text: String, file: String) -> Result {
        let tags: [MustacheTag]
        switch MustacheTokenizer.tags(in: text) {
        case .success(let found): tags = found
        case .failure(let error):
            return Result(
                diagnostics: [.error("template syntax: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column))],
                partials: [], isWellFormed: false)
        }
        var problems: [Diagnostic] = []
        var partials: [String] = []
        var wellFormed = true
        var stack = frames
        var open: [(tag: MustacheTag, pushed: Bool)] = []
        func at(_ tag: MustacheTag) -> SourceLocation { SourceLocation(file: file, line: tag.line, column: tag.column) }

        for tag in tags {
            switch tag.kind {
            case .variable, .unescaped:
                if case .unknown(let suggestion) = resolve(tag.name, in: stack) {
                    problems.append(unknownKey(tag, suggestion: suggestion, at: at(tag)))
                }
            case .section, .inverted, .block:
                var pushed = false
                if tag.kind != .block {
                    switch resolve(tag.name, in: stack) {
                    case .unknown(let suggestion):
                        problems.append(unknownKey(tag, suggestion: suggestion, at: at(tag)))
                        // Inside it anything may resolve: one typo in a section name is one error, not one per tag.
                        if tag.kind == .section { stack.append(Frame(keys: [], prefix: "?.", isUnknown: true)); pushed = true }
                    case .found(let path, let type):
                        // A section over a list sees each element; over an object, its members. An inverted section
                        // renders only when there is nothing to see, so its scope is the outer one.
                        if tag.kind == .section, let type {
                            switch type {
                            case .list(let keys):
                                stack.append(Frame(keys: keys, prefix: path + "[].", isListElement: true)); pushed = true
                            case .stringList:
                                stack.append(Frame(keys: [], prefix: path + "[].", isListElement: true)); pushed = true
                            case .object(let keys):
                                stack.append(Frame(keys: keys, prefix: path + ".")); pushed = true
                            default: break
                            }
                        }
                    }
                }
                open.append((tag, pushed))
            case .close:
                guard let last = open.last else {
                    wellFormed = false
                    problems.append(.error("'\(tag.written)' closes no open section; remove it or open it with {{#\(tag.name)}}", at: at(tag)))
                    continue
                }
                guard last.tag.name == tag.name else {
                    wellFormed = false
                    problems.append(.error(
                        "'\(tag.written)' closes '\(last.tag.written)' opened at \(last.tag.line):\(last.tag.column); close that one first with {{/\(last.tag.name)}}",
                        at: at(tag)))
                    // Recover: close everything down to an outer section of this name, else take it as closing the last one.
                    let index = open.lastIndex(where: { $0.tag.name == tag.name }) ?? open.count - 1
                    for entry in open[index...].reversed() where entry.pushed { stack.removeLast() }
                    open.removeSubrange(index...)
                    continue
                }
                if last.pushed { stack.removeLast() }
                open.removeLast()
            case .partial, .parent:
                partials.append(tag.name)
                // A parent is a section: it holds the blocks that replace the parent's.
                if tag.kind == .parent { open.append((tag, false)) }
                problems.append(.error(
                    "partial '\(tag.written)' is missing: authgen renders templates without partials, so it would render nothing; put the partial's text here instead",
                    at: at(tag)))
            case .comment, .setDelimiter, .pragma:
                break
            }
        }
        for entry in open {
            wellFormed = false
            problems.append(.error("section '\(entry.tag.written)' is never closed; add {{/\(entry.tag.name)}} where it ends", at: at(entry.tag)))
        }
        return Result(diagnostics: problems, partials: partials, isWellFormed: wellFormed)
    }

    private func unknownKey(_ tag: MustacheTag, suggestion: String?, at location: SourceLocation) -> Diagnostic {
        let name = Self.argument(of: tag.name).name
        let fix = suggestion.map { "did you mean '\($0)'?" }
            ?? elementList(of: name).map { list in
                let section = list.split(separator: ".").last.map { $0.replacingOccurrences(of: "[]", with: "") } ?? list
                return "'\(name)' is a key of each element of '\(list)': use it inside {{#\(section)}}…{{/\(section)}}"
            }
            ?? "see `authgen context --reference` for the keys in scope"
        return .error("'\(tag.written)' names unknown context key '\(name)'; \(fix)", at: location)
    }

    /// The list (e.g. `resources` or `resources[].fields`) whose elements have a key of this name, for hints.
    private func elementList(of name: String) -> String? {
        let first = name.split(separator: ".").first.map(String.init) ?? name
        func search(_ keys: [ContextKey], prefix: String) -> String? {
            for key in keys {
                switch key.type {
                case .object(let members):
                    if let found = search(members, prefix: prefix + key.name + ".") { return found }
                case .list(let members):
                    if members.contains(where: { $0.name == first }) { return prefix + key.name }
                    if let found = search(members, prefix: prefix + key.name + "[].") { return found }
                default: continue
                }
            }
            return nil
        }
        return frames.first.flatMap { search($0.keys, prefix: "") }
    }

    /// `fn(g(name))` → (["fn", "g"], "name").
    static func argument(of name: String) -> (transforms: [String], name: String) {
        var functions: [String] = []
        var rest = name
        while rest.hasSuffix(")"), let open = rest.firstIndex(of: "(") {
            functions.append(String(rest[..<open]).trimmingCharacters(in: .whitespaces))
            rest = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]).trimmingCharacters(in: .whitespaces)
        }
        return (functions, rest)
    }

    /// Resolves `name` the way swift-mustache does: its first component in the innermost frame that has it, the rest
    /// through that key's members; a leading `.` looks only in the innermost frame.
    package func resolve(_ name: String, in stack: [Frame]) -> Resolution {
        if stack.contains(where: \.isUnknown) { return .found(path: name, type: nil) }
        let (functions, argument) = Self.argument(of: name)
        if !functions.isEmpty {
            if let unknown = functions.first(where: { !Self.transforms.contains($0) }) {
                return .unknown(suggestion: NearestName.suggestion(for: unknown, among: Self.transforms.sorted()).map { "\($0)(\(argument))" })
            }
            if argument.isEmpty || argument == "." {
                let allowed = argument == "." || (stack.last?.isListElement == true && functions.allSatisfy(Self.sequenceTransforms.contains))
                return allowed ? .found(path: name, type: nil) : .unknown(suggestion: nil)
            }
            if case .unknown(let suggestion) = resolve(argument, in: stack) { return .unknown(suggestion: suggestion) }
            return .found(path: name, type: nil)
        }
        if name == "." { return .found(path: (stack.last?.prefix ?? "") + ".", type: nil) }
        let innermostOnly = name.hasPrefix(".")
        let components = name.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        guard let first = components.first else { return .unknown(suggestion: nil) }
        let searched = innermostOnly ? Array(stack.suffix(1)) : stack
        guard let frame = searched.last(where: { frame in frame.keys.contains { $0.name == first } }),
              var key = frame.keys.first(where: { $0.name == first })
        else {
            return .unknown(suggestion: NearestName.suggestion(for: components.joined(separator: "."), among: visibleNames(searched)))
        }
        var path = frame.prefix + key.name
        for component in components.dropFirst() {
            guard case .object(let members) = key.type, let next = members.first(where: { $0.name == component }) else {
                return .unknown(suggestion: NearestName.suggestion(for: components.joined(separator: "."), among: visibleNames(searched)))
            }
            key = next
            path += "." + next.name
        }
        return .found(path: path, type: key.type)
    }

    /// Every dotted name a lookup can reach from these frames (objects' members, not lists' elements).
    func visibleNames(_ stack: [Frame]) -> [String] {
        func names(_ keys: [ContextKey], prefix: String) -> [String] {
            keys.flatMap { key -> [String] in
                if case .object(let members) = key.type { return [prefix + key.name] + names(members, prefix: prefix + key.name + ".") }
                return [prefix + key.name]
            }
        }
        return Array(Set(stack.flatMap { names($0.keys, prefix: "") })).sorted()
    }
}
