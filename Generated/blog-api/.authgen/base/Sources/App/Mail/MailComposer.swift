import Mustache

/// Turns a template of `MailTemplates` and the values of one occasion into a mail: the features call
/// `compose(.passwordReset, to: user.email, token: token, values: ["expires_in": "30 minutes"])` and hand the result
/// to `MailOutbox.send`.
struct MailComposer: Sendable {
    private struct Compiled: Sendable {
        let linkPath: String
        let subject: MustacheTemplate
        let text: MustacheTemplate
        let html: MustacheTemplate?
    }

    let links: MailLinkBuilder
    let appName: String
    private let templates: [MailTemplateName: Compiled]

    /// Compiles every template once; a syntax error is thrown here, at start-up, naming the template.
    init(
        links: MailLinkBuilder,
        appName: String = SpecDefaults.title,
        templates: (MailTemplateName) -> MailTemplate = MailTemplates.template(for:)
    ) throws(MailSetupError) {
        self.links = links
        self.appName = appName
        var compiled: [MailTemplateName: Compiled] = [:]
        for name in MailTemplateName.allCases {
            let template = templates(name)
            do {
                // Subject and text are not HTML: nothing in them is escaped.
                compiled[name] = Compiled(
                    linkPath: template.linkPath,
                    subject: try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}" + template.subject),
                    text: try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}" + template.text),
                    html: try template.html.map { try MustacheTemplate(string: $0) }
                )
            } catch {
                throw MailSetupError("MailTemplates.\(name): \(error)")
            }
        }
        self.templates = compiled
    }

    /// The mail `name` for `recipient`. With a `token`, the `link` value is the front end's link that carries it.
    func compose(_ name: MailTemplateName, to recipient: String, token: String? = nil, values: [String: String] = [:]) -> OutgoingMail {
        let template = self.templates[name]!
        var context = values
        context["app_name"] = context["app_name"] ?? self.appName
        if let token {
            context["link"] = self.links.link(path: template.linkPath, token: token)
        }
        // A subject is one line, whatever a value held.
        let subject = template.subject.render(context)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return OutgoingMail(
            to: recipient,
            subject: subject,
            text: template.text.render(context),
            html: template.html?.render(context)
        )
    }

    /// A composer of empty mails, for an application whose mail settings failed (it never starts).
    static func unavailable(publicURL: String) -> MailComposer {
        // Empty templates always compile.
        try! MailComposer(links: MailLinkBuilder(publicURL: publicURL), templates: { _ in MailTemplate(linkPath: "/", subject: "", text: "") })
    }

    /// The link for `name`'s page with `token`, for a feature that shows it elsewhere (never log it).
    func link(for name: MailTemplateName, token: String) -> String {
        self.links.link(path: self.templates[name]!.linkPath, token: token)
    }
}

/// The mail settings or templates cannot work; the server refuses to start with this message.
struct MailSetupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
