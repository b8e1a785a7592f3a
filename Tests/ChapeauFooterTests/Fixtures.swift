@testable import ChapeauFooter

/// Shared inputs: a realistic context and the footers it renders.
enum Fixtures {
    static let context = FooterContext(
        authorName: "Jeanne Martin", supportURL: "https://example.org/soutenir",
        articleTitle: "Des jardins partagés", articleURL: "https://example.org/jardins",
        licence: "Licence CC BY-SA 4.0.", periodLabel: "novembre 2026", received: "1 234,56 €",
        needs: "2 000,00 €", coverage: "62 %", reportURL: "https://example.org/rapports/2026-11/",
        language: "fr")

    /// The same context a month later: other figures.
    static let laterContext: FooterContext = {
        var later = context
        later.periodLabel = "décembre 2026"
        later.received = "1 870,00 €"
        later.coverage = "94 %"
        return later
    }()

    static func template(_ name: String = "presslib-fr") throws -> FooterTemplate {
        guard let template = FooterTemplate.builtIn(named: name) else {
            throw FixtureError.noBuiltIn(name)
        }
        return template
    }

    static func rendered(_ kind: FileKind, context: FooterContext = context,
                         template name: String = "presslib-fr") throws -> RenderedFooter {
        try template(name).render(context, for: kind)
    }

    enum FixtureError: Error { case noBuiltIn(String) }
}
