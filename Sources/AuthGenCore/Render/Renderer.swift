import Foundation
import Mustache

/// The render stage: every selected plugin's templates, rendered with the context, in memory.
package enum Renderer {
    /// swift-mustache escapes HTML unless a template asks for TEXT; generated code must not be escaped.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    package static func render(_ plugins: [Plugin], context: JSONValue) throws(DiagnosticsError) -> RenderedProject {
        var files: [RenderedFile] = []
        var producers: [String: String] = [:]
        var problems: [Diagnostic] = []

        for plugin in plugins {
            let context = scope(of: plugin, in: context)
            for entry in plugin.manifest.files {
                do {
                    if let condition = entry.when, try !condition.evaluate(in: context) { continue }
                    let scopes = try scopes(for: entry, in: context)
                    guard !scopes.isEmpty else { continue }
                    let template: ParsedTemplate
                    if entry.isTemplate {
                        let text = try plugin.templateText(entry.template, requestedAt: entry.location)
                        template = try parse(text, file: plugin.templateFiles[entry.template].map(DisplayPath.of) ?? entry.template)
                    } else {
                        template = .bytes(try plugin.fileContents(entry.template, requestedAt: entry.location))
                    }
                    let outputTemplate = try parse(entry.output, file: "\(DisplayPath.of(plugin.manifest.location.file)) (output of '\(entry.template)')")
                    for scope in scopes {
                        let object = scope.mustacheObject
                        let path = outputTemplate.render(object)
                        let producer = "\(plugin.name)/\(entry.template)"
                        if let earlier = producers[path] {
                            problems.append(.error("'\(producer)' renders to '\(path)', which '\(earlier)' also renders; give one a different output", at: entry.location))
                            continue
                        }
                        producers[path] = producer
                        files.append(RenderedFile(
                            path: path,
                            contents: template.contents(object),
                            plugin: plugin.name,
                            template: entry.template,
                            owner: entry.owner,
                            isSecret: entry.secret
                        ))
                    }
                } catch {
                    problems += error.diagnostics
                }
            }
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return RenderedProject(files: files)
    }

    /// What one plugin's templates and conditions see: the context with the plugin's own options as `options`.
    static func scope(of plugin: Plugin, in context: JSONValue) -> JSONValue {
        guard case .object(let byPlugin)? = context.value(at: "plugins"), let options = byPlugin[plugin.name] else {
            return context.overlaid(with: .object(["options": .object([:])]))
        }
        return context.overlaid(with: .object(["options": options]))
    }

    /// The contexts an entry renders with: the whole context once, or once per `for_each` element laid on top of it.
    private static func scopes(for entry: PluginManifest.FileEntry, in context: JSONValue) throws(DiagnosticsError) -> [JSONValue] {
        guard let listKey = entry.forEach else { return [context] }
        guard case .array(let elements)? = context.value(at: listKey) else {
            let hint = NearestName.suggestion(for: listKey, among: context.paths).map { "; did you mean '\($0)'?" } ?? ""
            throw DiagnosticsError(.error("for_each '\(listKey)' is not a list in the context\(hint)", at: entry.location))
        }
        return elements.map { context.overlaid(with: $0) }
    }

    private static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed with another name than it was opened with"
        case .unfinishedName?: "a tag is not finished: '}}' is missing"
        case .expectedSectionEnd?: "a section is never closed: add {{/name}} for each {{#name}} or {{^name}}"
        case .invalidSetDelimiter?: "the set-delimiter tag is malformed"
        case .unrecognisedConfigVariable?, .invalidConfigVariableSyntax?: "unknown or malformed {{% pragma}}"
        default: "\(error)"
        }
    }

    static func parse(_ text: String, file: String) throws(DiagnosticsError) -> ParsedTemplate {
        // Most templates have no tag at all, and parsing is the largest cost of a generation: such a template
        // renders to exactly its text.
        guard text.contains("{{") else { return .text(text) }
        return .mustache(try parseMustache(text, file: file))
    }

    static func parseMustache(_ text: String, file: String) throws(DiagnosticsError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: textPragma + text)
        } catch let error as MustacheTemplate.ParserError {
            // The pragma shares the first line, so columns there are shifted by its length.
            let column = error.context.lineNumber == 1 ? error.context.columnNumber - textPragma.count : error.context.columnNumber
            throw DiagnosticsError(.error("template syntax: \(explain(error.error))", at: SourceLocation(file: file, line: error.context.lineNumber, column: max(1, column))))
        } catch {
            throw DiagnosticsError(.error("template syntax: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
    }
}

/// A template ready to render: its Mustache form, or only its text when it has no tag; or a plain file's bytes.
enum ParsedTemplate {
    case text(String)
    case mustache(MustacheTemplate)
    case bytes(Data)

    func contents(_ object: Any) -> Data {
        if case .bytes(let data) = self { return data }
        return Data(render(object).utf8)
    }

    func render(_ object: Any) -> String {
        switch self {
        case .text(let text): text
        case .mustache(let template): template.render(object)
        case .bytes(let data): String(decoding: data, as: UTF8.self)
        }
    }
}
