import ChapeauCore
@testable import ChapeauReports
import Foundation
import Testing

/// The bank transfer without fees beside the support link, and the payment
/// link of every page and of the feed.
@Suite("Payment: QR code, IBAN and payment links")
struct PaymentBlockTests {
    /// A drawn code as the application makes one (only svg, title, rect and path).
    static let svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29" role="img" shape-rendering="crispEdges">\
        <title>Code QR de virement SEPA à Camille Autrice</title><rect width="29" height="29" fill="#fff"/>\
        <path fill="#000" d="M4 4h7v1h-7z"/></svg>
        """

    static func config(_ language: ReportLanguage, svg: String = svg, label: String? = nil, bic: String? = "AGRIFRPP") -> ReportConfig {
        var c = Fixture.config(language)
        c.payment = PaymentBlock(svg: svg, iban: "FR76 3000 6000 0112 3456 7890 189", bic: bic,
                                 label: label ?? (language == .fr ? "Virement sans frais" : "Bank transfer, no fees"))
        return c
    }

    static func report(_ config: ReportConfig) -> PublicReport {
        PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: config, now: Fixture.now)
    }

    @Test("the French report with an IBAN matches its golden file")
    func golden() {
        Golden.check(ReportFormat.html.render(Self.report(Self.config(.fr))), against: "report-fr-iban.html")
    }

    @Test("the code sits right after the support link, with the IBAN as text", arguments: ReportLanguage.allCases)
    func besideTheSupportLink(language: ReportLanguage) throws {
        let html = ReportFormat.html.render(Self.report(Self.config(language)))
        let support = try #require(html.range(of: "class=\"support\""))
        let figure = try #require(html.range(of: "<figure class=\"payment\""))
        #expect(support.upperBound < figure.lowerBound)
        let between = html[support.upperBound..<figure.lowerBound]
        #expect(!between.contains("<section") && !between.contains("<h2"))
        #expect(html.components(separatedBy: Self.svg).count == 2)       // inserted once, as is
        #expect(html.contains("IBAN <code>FR76 3000 6000 0112 3456 7890 189</code>"))
        #expect(html.contains("BIC <code>AGRIFRPP</code>"))
        if language == .fr {
            #expect(html.contains("<figcaption><strong>Virement sans frais</strong><br>Titulaire\u{00A0}: Camille Autrice<br>"))
        } else {
            #expect(html.contains("<figcaption><strong>Bank transfer, no fees</strong><br>Account holder: Camille Autrice<br>"))
        }
        // Every image is named for assistive technology.
        #expect(html.components(separatedBy: "<svg ").count == html.components(separatedBy: "role=\"img\"").count)
    }

    @Test("without a BIC, no BIC line")
    func noBIC() {
        let html = ReportFormat.html.render(Self.report(Self.config(.fr, bic: nil)))
        #expect(html.contains("IBAN <code>FR76 3000 6000 0112 3456 7890 189</code></figcaption>"))
        #expect(!html.contains("BIC"))
    }

    @Test("without an IBAN, nothing of it: the page is the one without payment block")
    func absent() throws {
        let html = ReportFormat.html.render(Fixture.report(.fr))
        #expect(!html.contains("<figure class=\"payment\"") && !html.contains("IBAN"))
        let with = ReportFormat.html.render(Self.report(Self.config(.fr)))
        let start = try #require(with.range(of: "<figure class=\"payment\""))
        let end = try #require(with.range(of: "</figure>\n", range: start.upperBound..<with.endIndex))
        var without = with
        without.removeSubrange(start.lowerBound..<end.upperBound)
        #expect(without == html)
    }

    static let hostile = [
        "<svg onload=\"alert(1)\" role=\"img\"><title>x</title></svg>",
        "<svg role=\"img\"><script>alert(1)</script></svg>",
        "<svg role=\"img\"><a href=\"javascript:alert(1)\"><path d=\"M0 0\"/></a></svg>",
        "<svg role=\"img\"><foreignObject><p>x</p></foreignObject></svg>",
        "<svg role=\"img\"><path d=\"M0 0\" style=\"fill:url(https://evil.example/x)\"/></svg>",
        "<img src=x onerror=alert(1)><svg role=\"img\"></svg>",
        "<svg role=\"img\"><title>x</title></svg><script>alert(1)</script>",
    ]

    @Test("an SVG that is not a plain drawn code is left out; the IBAN stays as text", arguments: hostile)
    func hostileSVG(svg: String) {
        let html = ReportFormat.html.render(Self.report(Self.config(.fr, svg: svg)))
        #expect(!html.contains("alert(1)") && !html.contains("evil.example") && !html.contains("<script"))
        #expect(html.contains("IBAN <code>FR76 3000 6000 0112 3456 7890 189</code>"))
    }

    @Test("the caption is escaped like every other value")
    func captionEscaped() {
        let html = ReportFormat.html.render(Self.report(Self.config(.fr, label: "<b>Virement</b>")))
        #expect(html.contains("<strong>&lt;b&gt;Virement&lt;/b&gt;</strong>"))
    }

    @Test("no other format carries the code", arguments: [ReportFormat.md, .json, .csv])
    func otherFormats(format: ReportFormat) {
        #expect(format.render(Self.report(Self.config(.fr))) == format.render(Fixture.report(.fr)))
    }

    @Test("nothing personal: only the author's account and the figures everyone may read", arguments: ReportLanguage.allCases)
    func privacy(language: ReportLanguage) {
        let html = ReportFormat.html.render(Self.report(Self.config(language)))
        for hidden in ["Carol", "carol-secret", "Dave", "dave", "gina", "@example", "RF"] {
            #expect(!html.contains(hidden), "the page holds \(hidden)")
        }
    }

    // MARK: the site

    @Test("the index shows the same block; the feed and every page name the payment link", arguments: ReportLanguage.allCases)
    func site(language: ReportLanguage) {
        let site = SiteFixture.site(language, config: Self.config(language))
        let index = site.render(.index)
        #expect(index.contains("<link rel=\"payment\" href=\"https://example.org/soutenir\">\n<style>"))
        #expect(index.components(separatedBy: Self.svg).count == 2)
        #expect(index.contains("IBAN <code>FR76 3000 6000 0112 3456 7890 189</code><br>BIC <code>AGRIFRPP</code></figcaption>"))
        let feed = site.render(.feed)
        #expect(feed.contains("  <link rel=\"payment\" href=\"https://example.org/soutenir\"/>\n"))
        #expect(!feed.contains("IBAN") && !feed.contains("<svg"))
        let plain = SiteFixture.site(language).render(.index)
        #expect(!plain.contains("<figure") && plain.contains("<link rel=\"payment\""))
    }

    @Test("a support URL that is not http(s) gives no payment link anywhere")
    func noLinkForBadURL() {
        var config = Fixture.config(.fr)
        config.supportURL = "javascript:alert(1)"
        let site = SiteFixture.site(.fr, config: config)
        for text in [site.render(.index), site.render(.feed),
                     ReportFormat.html.render(PublicReport(period: Fixture.period, snapshot: Fixture.snapshot(), config: config, now: Fixture.now))] {
            #expect(!text.contains("rel=\"payment\"") && !text.contains("javascript:"))
        }
    }
}
