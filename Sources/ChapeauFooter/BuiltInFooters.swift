/// The footers that ship with Chapeau, in the spirit of presslib' articles and in the project's
/// own words: the text is free to republish provided this paragraph follows it; the author lives
/// on readers' free participation; where to contribute; how the current period is going; where
/// the latest report is.
///
/// Each is written once as wording and turned into Mustache source with one block per file kind,
/// so a user who copies `FooterTemplate.source` gets a plain, readable template.
struct BuiltInFooters: Sendable {
    let name: String
    let language: String
    let head: @Sendable (Markup) -> String
    let paragraph: @Sendable (Markup) -> [String]

    static let all: [BuiltInFooters] = [french, english]

    /// How links and emphasis are written in one kind of file.
    struct Markup: Sendable {
        let kind: FileKind

        /// The call-out after the head line, pointing to the paragraph.
        var callOut: String {
            switch kind {
            case .markdown: #"(\*)"#
            case .html: ##"(<a href="#chapeau-footer">*</a>)"##
            case .text: "(*)"
            }
        }

        /// The call-out that opens the paragraph.
        var footnote: String { kind == .markdown ? #"(\*)"# : "(*)" }

        /// A link to the URL held by `variable`, showing the URL itself so it survives a copy as text.
        func link(_ variable: String) -> String {
            switch kind {
            case .markdown: "[{{\(variable)}}]({{\(variable)}})"
            case .html: #"<a href="{{\#(variable)}}">{{\#(variable)}}</a>"#
            case .text: "{{\(variable)}}"
            }
        }

        func emphasis(_ text: String) -> String {
            switch kind {
            case .markdown: "_\(text)_"
            case .html: "<em>\(text)</em>"
            case .text: text
            }
        }
    }

    /// The Mustache source: a comment, the head part, the footer part, one block per kind.
    var source: String {
        var lines = [
            "{{! Chapeau's built-in footer \(name). To write your own, copy this file, edit it, and name it",
            "    in Config/chapeau.toml: [footer] template = \"footers/mine.mustache\". }}",
            "{{! chapeau:head }}",
        ]
        for kind in FileKind.allCases {
            let markup = Markup(kind: kind)
            let line = markup.emphasis(head(markup))
            lines += ["{{#\(kind.rawValue)}}", kind == .html ? #"<p class="chapeau-head">\#(line)</p>"# : line,
                      "{{/\(kind.rawValue)}}"]
        }
        lines.append("{{! chapeau:footer }}")
        for kind in FileKind.allCases {
            let body = paragraph(Markup(kind: kind)).joined(separator: " ")
            lines.append("{{#\(kind.rawValue)}}")
            if kind == .html {
                lines += [#"<aside class="chapeau-footer" id="chapeau-footer" lang="\#(language)">"#,
                          "<p>\(body)</p>", "</aside>"]
            } else {
                lines.append(body)
            }
            lines.append("{{/\(kind.rawValue)}}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let english = BuiltInFooters(
        name: "presslib-en", language: "en",
        head: { markup in "This text is a free-participation article \(markup.callOut)" },
        paragraph: { markup in
            [
                "\(markup.footnote) You are free to copy, print and republish this text, anywhere,"
                    + " on one condition: that this paragraph goes with it.",
                "{{author_name}} lives on what readers choose to give, with no advertising and no paywall.",
                "This is free participation: everyone gives what they can, when they can, once or every month.",
                "To take part: \(markup.link("support_url")).",
                "{{#has_progress}}For {{period}}: {{received}} received{{#has_carried_in}} (+ {{carried_in}} carried over)"
                    + "{{/has_carried_in}}{{#has_needs}} towards {{needs}} of declared"
                    + " needs{{/has_needs}}{{#has_coverage}} ({{coverage}} covered){{/has_coverage}}.{{/has_progress}}",
                "{{#has_report}}The latest report says where the money goes: \(markup.link("report_url")).{{/has_report}}",
                "{{#has_licence}}{{licence}}{{/has_licence}}",
                "{{#has_article_url}}Original text:{{#has_title}} “{{article_title}}”,{{/has_title}}"
                    + " \(markup.link("article_url")).{{/has_article_url}}",
            ]
        })

    /// French typography: a no-break space before `:` and inside « ».
    static let french = BuiltInFooters(
        name: "presslib-fr", language: "fr",
        head: { markup in "Ce texte est un article en participation libre \(markup.callOut)" },
        paragraph: { markup in
            [
                "\(markup.footnote) Vous pouvez copier, imprimer et republier librement ce texte, où vous voulez,"
                    + " à une condition\u{A0}: que ce paragraphe l’accompagne.",
                "{{author_name}} vit de ce que ses lecteurs et lectrices choisissent de donner,"
                    + " sans publicité ni abonnement.",
                "C’est la participation libre\u{A0}: chacun donne ce qu’il peut, quand il peut,"
                    + " une fois ou chaque mois.",
                "Pour participer\u{A0}: \(markup.link("support_url")).",
                "{{#has_progress}}Pour {{period}}, {{received}} reçus{{#has_carried_in}} (+ {{carried_in}} reportés)"
                    + "{{/has_carried_in}}{{#has_needs}} sur {{needs}} de besoins"
                    + " déclarés{{/has_needs}}{{#has_coverage}} (couverts à {{coverage}}){{/has_coverage}}."
                    + "{{/has_progress}}",
                "{{#has_report}}Le dernier bilan dit où va l’argent\u{A0}: \(markup.link("report_url")).{{/has_report}}",
                "{{#has_licence}}{{licence}}{{/has_licence}}",
                "{{#has_article_url}}Texte original\u{A0}:{{#has_title}} «\u{A0}{{article_title}}\u{A0}»,{{/has_title}}"
                    + " \(markup.link("article_url")).{{/has_article_url}}",
            ]
        })
}
