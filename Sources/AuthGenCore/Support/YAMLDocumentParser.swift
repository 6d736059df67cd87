import Foundation
import Yams

/// Turns the text of a single-document YAML file (a spec, a `plugin.yaml`) into a Yams node tree,
/// or into one diagnostic at the parser's position with a hint at the fix.
enum YAMLDocumentParser {
    enum Outcome {
        case document(Node)
        /// One diagnostic, or several for duplicate keys (every one is reported).
        case failure([Diagnostic])
    }

    /// `document` names the file's kind in messages ("a spec is a single YAML document");
    /// `emptyMessage` is the error for a file with no content.
    static func parse(_ source: String, file: String, document: String, emptyMessage: String) -> Outcome {
        // A byte order mark is not part of the text (editors do not count it in columns).
        var text = source.hasPrefix("\u{FEFF}") ? String(source.dropFirst()) : source
        // Yams stops at the first mapping with a repeated key: blank each repetition found and parse again, so that
        // every duplicate is reported at once.
        var duplicates: [Diagnostic] = []
        for _ in 0..<100 {
            switch parseOnce(text, file: file, document: document, emptyMessage: emptyMessage) {
            case .duplicate(let diagnostic, let blanked?):
                duplicates.append(diagnostic)
                text = blanked
            case .duplicate(let diagnostic, nil):
                return .failure(inOrder(duplicates + [diagnostic]))
            case .outcome(let outcome):
                return duplicates.isEmpty ? outcome : .failure(inOrder(duplicates))
            }
        }
        return .failure(inOrder(duplicates))
    }

    private static func inOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) }
    }

    private enum Attempt {
        case outcome(Outcome)
        /// A duplicate key, and the text with that repetition's key renamed (nil when it could not be found).
        case duplicate(Diagnostic, String?)
    }

    private static func parseOnce(_ text: String, file: String, document: String, emptyMessage: String) -> Attempt {
        func at(_ line: Int, _ column: Int) -> SourceLocation {
            SourceLocation(file: file, line: max(line, 1), column: max(column, 1))
        }
        do {
            guard let root = try Yams.compose(yaml: text), YAMLNodeKind(root) != .null else {
                return .outcome(.failure([.error(emptyMessage, at: at(1, 1))]))
            }
            return .outcome(.document(root))
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let message = syntaxMessage(problem: problem, context: context, mark: mark, text: text, document: document)
                return .outcome(.failure([.error(message, at: at(mark.line, mark.column))]))
            case .duplicatedKeysInMapping(let duplicates, let context):
                let key = duplicates.first ?? "?"
                let second = secondOccurrence(of: key, after: context.mark, in: text)
                return .duplicate(duplicateKey(key, first: context.mark, second: second, file: file),
                                  second.flatMap { renaming(at: $0, in: text) })
            case .reader(let problem, let offset, _, _):
                let (line, column) = offset.map { position(ofUTF8Offset: $0, in: text) } ?? (1, 1)
                return .outcome(.failure([.error("invalid YAML: \(problem); remove the character or save the file as UTF-8", at: at(line, column))]))
            default:
                return .outcome(.failure([.error("invalid YAML: \(error)", at: at(1, 1))]))
            }
        } catch {
            return .outcome(.failure([.error("invalid YAML: \(error)", at: at(1, 1))]))
        }
    }

    /// `text` with the key starting at `position` (1-based) prefixed so that it no longer repeats an earlier one;
    /// the positions of everything before it stay the same.
    private static func renaming(at position: (line: Int, column: Int), in text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard position.line >= 1, position.line <= lines.count, position.column - 1 <= lines[position.line - 1].count else { return nil }
        var line = lines[position.line - 1]
        var index = position.column - 1
        if index < line.count, line[index] == "\"" || line[index] == "'" { index += 1 }
        line.insert(contentsOf: "authgen-duplicate-\(position.line)-".unicodeScalars, at: index)
        lines[position.line - 1] = line
        return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
    }

    // MARK: Syntax errors

    private static func syntaxMessage(problem: String, context: YamlError.Context?, mark: Mark, text: String, document: String) -> String {
        if problem.contains("another document") {
            return "invalid YAML: a \(document) is a single YAML document, but another one starts here; remove the '---' separator and what follows"
        }
        var message = "invalid YAML: \(problem)"
        if let context, !context.text.isEmpty {
            let started = context.mark.line > 0 ? " started at \(context.mark.line):\(context.mark.column)" : ""
            message += " (\(context.text)\(started))"
        }
        let lowered = (context?.text ?? "") + " " + problem
        if character(at: mark, in: text) == "\t" || (problem.contains("cannot start any token") && line(mark.line, of: text).contains("\t")) {
            message += "; indent with spaces, not tabs"
        } else if lowered.contains("quoted scalar") {
            message += "; close the quote"
        } else if lowered.contains("flow sequence") {
            message += "; close the list with ']'"
        } else if lowered.contains("flow mapping") {
            message += "; close the mapping with '}'"
        } else if problem.contains("mapping values are not allowed") {
            message += "; check the indentation, or quote a value that contains ': '"
        } else if problem.contains("did not find expected") || problem.contains("block end") {
            message += "; check the indentation"
        }
        return message
    }

    private static func line(_ number: Int, of text: String) -> Substring {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard number >= 1, number <= lines.count else { return "" }
        return lines[number - 1]
    }

    private static func character(at mark: Mark, in text: String) -> Unicode.Scalar? {
        let scalars = Array(line(mark.line, of: text).unicodeScalars)
        let index = mark.column - 1
        return index >= 0 && index < scalars.count ? scalars[index] : nil
    }

    private static func position(ofUTF8Offset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1, consumed = 0
        for scalar in text.unicodeScalars {
            if consumed >= offset { break }
            consumed += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    // MARK: Duplicate keys

    /// Yams reports the first occurrence; point at the repetition when it can be found in the text.
    private static func duplicateKey(_ key: String, first: Mark, second: (line: Int, column: Int)?, file: String) -> Diagnostic {
        let firstText = "\(first.line):\(first.column)"
        if let second {
            return .error(
                "duplicate key '\(key)'; it is already defined at \(firstText), keep only one",
                at: SourceLocation(file: file, line: second.line, column: second.column))
        }
        return .error(
            "duplicate key '\(key)'; it is defined more than once in this mapping, keep only one",
            at: SourceLocation(file: file, line: max(first.line, 1), column: max(first.column, 1)))
    }

    private static func secondOccurrence(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let keyScalars = Array(key.unicodeScalars)
        let column = first.column - 1
        func keyStarts(in line: [Unicode.Scalar], at index: Int) -> Bool {
            for candidate in [keyScalars, Array("\"\(key)\"".unicodeScalars), Array("'\(key)'".unicodeScalars)] {
                guard index + candidate.count <= line.count, Array(line[index..<(index + candidate.count)]) == candidate else { continue }
                var rest = index + candidate.count
                while rest < line.count, line[rest] == " " { rest += 1 }
                if rest < line.count, line[rest] == ":" { return true }
            }
            return false
        }
        guard first.line >= 1, first.line <= lines.count else { return nil }
        // A flow mapping on the same line: `{a: 1, a: 2}`.
        let sameLine = lines[first.line - 1]
        var index = column + keyScalars.count
        while index < sameLine.count {
            if sameLine[index] == "," || sameLine[index] == "{" {
                var start = index + 1
                while start < sameLine.count, sameLine[start] == " " { start += 1 }
                if keyStarts(in: sameLine, at: start) { return (first.line, start + 1) }
            }
            index += 1
        }
        // A block mapping: the same column on a later line, before the mapping ends.
        for number in first.line..<lines.count {
            let line = lines[number]
            guard let firstContent = line.firstIndex(where: { $0 != " " }) else { continue }
            if line[firstContent] == "#" { continue }
            if firstContent < column {
                // Either a sequence item at this level (`- key:` continuing a list) or the end of the mapping.
                return nil
            }
            if firstContent == column, keyStarts(in: line, at: column) { return (number + 1, column + 1) }
        }
        return nil
    }
}
