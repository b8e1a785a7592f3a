import Foundation
import Testing
@testable import ChapeauApp
import ChapeauReports

@Suite("Choosing the footer template, the language and the article's values")
struct FooterTemplateChoiceTests {
    static let french = "Vous pouvez copier, imprimer et republier"
    static let english = "You are free to copy, print and republish"

    @Test("Front matter lang picks presslib-fr or presslib-en; --lang is for articles that do not say")
    func languagePicksBuiltIn() throws {
        let tree = try FooterTree()
        try tree.write("content/en.md", "---\nlang: en-GB\n---\n\nText.\n")
        try tree.write("content/fr.md", "---\nlang: fr\n---\n\nTexte.\n")
        try tree.write("content/none.md", "Texte.\n")
        try tree.write("content/page.html", "<html lang=\"en\"><body><p>x</p></body></html>\n")
        _ = try tree.stamper().stamp([tree.path("content")])
        #expect(try tree.text("content/en.md").contains(Self.english))
        #expect(try tree.text("content/fr.md").contains(Self.french))
        #expect(try tree.text("content/none.md").contains(Self.french))
        #expect(try tree.text("content/page.html").contains(Self.english))

        _ = try tree.stamper(FooterOptions(language: .en)).stamp([tree.path("content")])
        #expect(try tree.text("content/none.md").contains(Self.english))
        #expect(try tree.text("content/fr.md").contains(Self.french))

        _ = try tree.stamper(FooterOptions(template: "presslib-en")).stamp([tree.path("content")])
        #expect(try tree.text("content/none.md").contains(Self.english))
        #expect(try tree.text("content/fr.md").contains(Self.french))
    }

    static let mine = """
        {{! chapeau:footer }}
        Soutenir {{author_name}} : {{support_url}} ({{lang}}{{#has_title}}, {{article_title}}{{/has_title}})
        """

    @Test("A template file named in the config (relative to the workspace) is used as it is, whatever the language")
    func templateFileFromConfig() throws {
        let tree = try FooterTree(footer: "template = \"Config/footers/mine.mustache\"\n")
        try tree.write("Config/footers/mine.mustache", Self.mine)
        try tree.write("content/en.md", "---\nlang: en\ntitle: Gardens\n---\n\nText.\n")
        try tree.write("content/fr.md", "Texte.\n")
        _ = try tree.stamper().stamp([tree.path("content")])
        #expect(try tree.text("content/en.md").contains(
            "<!-- chapeau:footer v1 begin -->\nSoutenir Jeanne Martin : https://example.org/soutenir (en, Gardens)\n"))
        #expect(try tree.text("content/fr.md").contains("Soutenir Jeanne Martin : https://example.org/soutenir (fr)\n"))
        #expect(try !tree.text("content/en.md").contains(Self.english))
    }

    @Test("A template path in the config may also be relative to the config's folder")
    func templateNextToTheConfig() throws {
        let tree = try FooterTree(footer: "template = \"footers/mine.mustache\"\n")
        try tree.write("Config/footers/mine.mustache", Self.mine)
        try tree.write("content/a.md", "Texte.\n")
        _ = try tree.stamper().stamp([tree.path("content")])
        #expect(try tree.text("content/a.md").contains("Soutenir Jeanne Martin"))
    }

    @Test("--template names a file relative to the current folder")
    func templateOption() throws {
        let tree = try FooterTree()
        try tree.write("elsewhere/mine.mustache", Self.mine)
        try tree.write("content/a.md", "Texte.\n")
        _ = try tree.stamper(FooterOptions(template: "elsewhere/mine.mustache")).stamp([tree.path("content")])
        #expect(try tree.text("content/a.md").contains("Soutenir Jeanne Martin"))
    }

    @Test("A missing or invalid template is refused with the key or the option named")
    func badTemplates() throws {
        let missing = try FooterTree(footer: "template = \"footers/nope.mustache\"\n")
        #expect {
            try missing.stamper()
        } throws: { error in
            (error as? ConfigError)?.key == "footer.template"
                && "\(error)".contains("'footers/nope.mustache' is neither a built-in template nor a file")
        }
        #expect {
            try missing.stamper(FooterOptions(template: "presslib-de"))
        } throws: { error in
            error as? AppError == .usage("--template presslib-de: no such built-in template or file; "
                                         + "name presslib-fr, presslib-en or a .mustache file")
        }
        let invalid = try FooterTree(footer: "template = \"Config/bad.mustache\"\n")
        try invalid.write("Config/bad.mustache", "Hello {{#open}} never closed\n")
        #expect {
            try invalid.stamper()
        } throws: { error in
            guard case .invalid(let message)? = error as? AppError else { return false }
            return message.hasPrefix("footer template Config/bad.mustache is not valid Mustache at line ")
        }
    }

    @Test("The article URL: front matter url, else site_url + the published path under the article folder, else under the workspace")
    func articleURLs() throws {
        let tree = try FooterTree()
        try tree.write("content/2026/des jardins.md", "# Jardins\n")
        try tree.write("content/own.md", "---\nurl: https://elsewhere.example/own/\n---\n\nTexte.\n")
        try tree.write("drafts/brouillon.md", "# Brouillon\n")
        _ = try tree.stamper().stamp([tree.path("content"), tree.path("drafts")])
        #expect(try tree.text("content/2026/des jardins.md").contains("(https://example.org/2026/des%20jardins/)"))
        #expect(try tree.text("content/own.md").contains("(https://elsewhere.example/own/)"))
        #expect(try tree.text("drafts/brouillon.md").contains("(https://example.org/drafts/brouillon/)"))
    }

    // MARK: - Shipped examples

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `CHAPEAU_RECORD_FOOTERS=1` rewrites the files (and fails, so that a person reviews the diff).
    @Test("Config/footers holds the built-in templates exactly", arguments: ["presslib-fr", "presslib-en"])
    func shippedExamples(_ name: String) throws {
        let source = try #require(BuiltInFooterTemplates.source(named: name))
        let url = Self.root.appendingPathComponent("Config/footers/\(name).mustache")
        if ProcessInfo.processInfo.environment["CHAPEAU_RECORD_FOOTERS"] == "1" {
            try Data(source.utf8).write(to: url)
            Issue.record("recorded \(url.path); run again without CHAPEAU_RECORD_FOOTERS")
        }
        let shipped = try String(contentsOf: url, encoding: .utf8)
        #expect(shipped == source, "regenerate \(url.path) from BuiltInFooterTemplates.source(named: \"\(name)\")")
    }

    @Test("Config/footers/README.md carries FooterContext's documentation word for word")
    func shippedDocumentation() throws {
        let swift = try String(contentsOf: Self.root.appendingPathComponent("Sources/ChapeauFooter/FooterContext.swift"),
                               encoding: .utf8)
        let lines = swift.components(separatedBy: "\n")
        let declaration = try #require(lines.firstIndex { $0.hasPrefix("public struct FooterContext") })
        let comment = lines[..<declaration].reversed().prefix { $0.hasPrefix("///") }.reversed()
            .map { $0 == "///" ? "" : String($0.dropFirst(4)) }
        #expect(comment.count > 10)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("Config/footers/README.md"), encoding: .utf8)
        #expect(readme.contains(comment.joined(separator: "\n")), "copy FooterContext's doc comment into Config/footers/README.md")
    }
}

@Suite("Judging republished copies")
struct FooterAuditJudgeTests {
    /// The paragraph as stamped in a text article of `language`.
    static func paragraph(_ tree: FooterTree, language: String) throws -> String {
        try tree.write("content/\(language).txt", "Titre\n\nTexte.\n")
        let stamper = try tree.stamper(FooterOptions(language: ReportLanguage(rawValue: language)),
                                       live: try FooterProgressTests.live(received: 1000, needs: 5000))
        _ = stamper.stamp([tree.path("content/\(language).txt")])
        let lines = try tree.text("content/\(language).txt").components(separatedBy: "\n")
        let begin = try #require(lines.firstIndex(of: "-- chapeau:footer v1 begin --"))
        let end = try #require(lines.firstIndex(of: "-- chapeau:footer v1 end --"))
        return lines[(begin + 1)..<end].joined(separator: "\n")
    }

    static func page(_ body: String) -> String {
        "<html><head><title>Copie</title></head><body><article><p>Le texte.</p>\n\(body)\n</article></body></html>"
    }

    @Test("A copy with the paragraph in either language is present; figures and links may differ")
    func present() throws {
        let tree = try FooterTree()
        let auditor = try FooterAuditor(workspace: tree.workspace)
        for language in ["fr", "en"] {
            let paragraph = try Self.paragraph(tree, language: language)
                .replacingOccurrences(of: "10,00", with: "8,00").replacingOccurrences(of: "€10.00", with: "€8.00")
            let result = auditor.judge(url: "https://copy.example/\(language)", page: Self.page("<p>\(paragraph)</p>"))
            #expect(result.status == .present, "\(language): \(result)")
            #expect(result.supportLink == true)
            #expect(result.isCompliant)
        }
    }

    @Test("A changed sentence is altered, naming the difference; no paragraph is missing")
    func alteredAndMissing() throws {
        let tree = try FooterTree()
        let auditor = try FooterAuditor(workspace: tree.workspace)
        let paragraph = try Self.paragraph(tree, language: "fr")
        let changed = paragraph.replacingOccurrences(of: "sans publicité ni abonnement", with: "avec de la publicité")
        let altered = auditor.judge(url: "u", page: Self.page("<p>\(changed)</p>"))
        #expect(altered.status == .altered)
        #expect(altered.differences.contains { $0.contains("publicité") && $0.contains("sentence 2") }, "\(altered.differences)")
        #expect(!altered.isCompliant)

        let missing = auditor.judge(url: "u", page: Self.page("<p>Rien de tout cela.</p>"))
        #expect(missing.status == .missing)
        #expect(missing.supportLink == false)
    }

    @Test("The paragraph without the support link does not comply")
    func noSupportLink() throws {
        let tree = try FooterTree()
        let auditor = try FooterAuditor(workspace: tree.workspace)
        let paragraph = try Self.paragraph(tree, language: "en")
        let unlinked = paragraph.replacingOccurrences(of: "https://example.org/soutenir", with: "our website")
        let result = auditor.judge(url: "u", page: Self.page("<p>\(unlinked)</p>"))
        #expect(result.supportLink == false)
        #expect(!result.isCompliant)
    }

    @Test("--urls files: one address a line, blank lines and comments skipped")
    func urlsFile() throws {
        let tree = try FooterTree()
        try tree.write("copies.txt", "# reprises\nhttps://a.example/x\n\n  https://b.example/y  \r\n#https://c.example/\n")
        #expect(try FooterAuditor.urls(fromFile: tree.path("copies.txt")) == ["https://a.example/x", "https://b.example/y"])
        #expect(throws: AppError.io("no file at \(tree.path("none.txt")) (--urls)")) {
            try FooterAuditor.urls(fromFile: tree.path("none.txt"))
        }
    }
}

@Suite("init writes the footer templates and their guide")
struct FooterGuideTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("The guide init writes is Config/footers/README.md, word for word")
    func guideIsTheRepositoryFile() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("Config/footers/README.md"), encoding: .utf8)
        #expect(FooterGuide.readme == readme)
    }

    @Test("init creates Config/footers with the guide the footer help points to and the built-in templates")
    func initWritesFooters() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-init-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Scaffold.initialise(at: dir.path)
        for name in ["README.md", "presslib-fr.mustache", "presslib-en.mustache"] {
            #expect(result.created.contains("Config/footers/\(name)"))
        }
        let readme = try String(contentsOf: dir.appendingPathComponent("Config/footers/README.md"), encoding: .utf8)
        #expect(readme == FooterGuide.readme)
        let french = try String(contentsOf: dir.appendingPathComponent("Config/footers/presslib-fr.mustache"), encoding: .utf8)
        #expect(french == BuiltInFooterTemplates.source(named: "presslib-fr"))
    }
}
