import Foundation
import Testing

/// Real articles stamped by the real binary, then built by the real Hugo (the Debian package):
/// the footer is the page's last paragraph and no summary starts with the head line. Hugo
/// missing is a failure that names the package (`make test` and CI install it).
enum Renderers {
    static let hugo: String? = ["/usr/bin/hugo", "/usr/local/bin/hugo"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

@Suite("Stamped articles rendered by Hugo")
struct FooterRenderingTests {
    static let corpus = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/realworld/articles/corpus")

    /// Corpus articles Hugo builds without the sites' own shortcodes or themes.
    static let articles = [
        ("pelican/notmyidea-technology-break.md", "break"),
        ("gatsby/gatsby-new-beginnings.md", "beginnings"),
        ("zola/lafor-ge-hls.md", "hls"),
        ("jekyll/betagouv-simuler-impact-loi.md", "simuler"),
    ]

    static let headLine = "Ce texte est un article en participation libre"

    @Test("Every page ends with the footer paragraph, markers hidden; no summary or feed description starts with the head line")
    func hugoSite() throws {
        guard Renderers.hugo != nil else {
            Issue.record("hugo is not installed: apt-get install hugo (make test installs it)")
            return
        }
        let cli = try FooterCLI()
        let site = "site"
        try cli.write("\(site)/hugo.toml", """
            baseURL = "https://example.org/"
            title = "Essai"
            disableKinds = ["taxonomy", "term"]

            """)
        try cli.write("\(site)/layouts/_default/single.html", "<main>{{ .Content }}</main>\n")
        try cli.write("\(site)/layouts/_default/list.html",
                      "{{ range .Pages }}<div class=\"summary\">{{ .Summary }}</div>\n{{ end }}")
        for (name, slug) in Self.articles {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            try cli.write("\(site)/content/posts/\(slug).md", String(decoding: data, as: UTF8.self))
        }
        let stamped = cli.run(["footer", "stamp", cli.path("\(site)/content")])
        #expect(stamped.code == 0, "\(stamped.err)")
        #expect(stamped.out.contains("\(Self.articles.count) stamped"), "\(stamped.out)")

        let build = Process()
        build.executableURL = URL(fileURLWithPath: try #require(Renderers.hugo))
        build.arguments = ["--source", cli.path(site), "--destination", cli.path("\(site)/public"), "--quiet", "--buildDrafts"]
        let errors = Pipe()
        build.standardError = errors
        build.standardOutput = FileHandle.nullDevice
        try build.run()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        build.waitUntilExit()
        #expect(build.terminationStatus == 0, "\(errorText)")

        for (_, slug) in Self.articles {
            let page = try cli.read("\(site)/public/posts/\(slug)/index.html")
            // The last paragraph of the page is the footer, with the support link.
            let paragraphs = page.components(separatedBy: "<p>").dropFirst()
            let last = try #require(paragraphs.last, "\(slug)")
            #expect(last.contains("Vous pouvez copier, imprimer et republier librement ce texte"), "\(slug): \(last.prefix(200))")
            #expect(last.contains("https://example.org/soutenir"), "\(slug)")
            #expect(!page.contains("chapeau:footer"), "\(slug): a marker shows")
            #expect(page.contains(Self.headLine), "\(slug): no head line")
        }

        let list = try cli.read("\(site)/public/posts/index.html")
        let summaries = list.components(separatedBy: "<div class=\"summary\">").dropFirst()
        #expect(summaries.count == Self.articles.count)
        for summary in summaries {
            let text = summary.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!text.isEmpty)
            #expect(!text.hasPrefix(Self.headLine), "\(text.prefix(120))")
        }
        let feed = try cli.read("\(site)/public/posts/index.xml")
        let descriptions = feed.components(separatedBy: "<description>").dropFirst(2)
        #expect(descriptions.count == Self.articles.count)
        for description in descriptions {
            let text = description.replacingOccurrences(of: #"&lt;[^&]*&gt;|<[^>]+>"#, with: "", options: .regularExpression)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!text.hasPrefix(Self.headLine), "\(text.prefix(120))")
        }
    }
}
