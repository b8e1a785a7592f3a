import Foundation
import Testing
@testable import ChapeauFooter

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator, so every run checks the
/// same documents and a failure can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random articles of one kind: line endings, byte-order mark, front matter, titles, prose that
/// quotes the footer's wording or mentions markers, with or without a final newline.
struct DocumentGenerator {
    let kind: FileKind
    let footerQuote: String
    var random: SplitMix64

    static let words = [
        "le", "chapeau", "texte", "libre", "participation", "jardin", "été", "naïve", "œuvre", "😀", "e\u{301}",
        "free", "text", "(*)", "«\u{A0}citation\u{A0}»", "l’article", "&amp;", "<em>mot</em>", "#tag", "---",
        "+++", "--", "<!--", "-->", "</body>", "</article>", "<h1>", "a\rb", "\t", "  ",
    ]

    static let quotedLines = [
        "Ce texte est un article en participation libre (*)",
        "This text is a free-participation article (*)",
        "(*) You are free to copy, print and republish this text",
        "Read about <!-- chapeau:footer v1 begin --> markers in the manual.",
        "<!-- chapeau:footer is what we stamp -->",
        "-- chapeau:head version one --",
        "chapeau:footer v1 begin",
    ]

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &random) < percent
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &random)]
    }

    mutating func sentence() -> String {
        (0..<Int.random(in: 1...12, using: &random)).map { _ in pick(Self.words) }.joined(separator: " ")
    }

    mutating func bodyLines() -> [String] {
        var lines: [String] = []
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0: lines.append("")
            case 1: lines.append(pick(Self.quotedLines))
            case 2: lines.append(footerQuote)
            case 3: lines.append("    " + sentence() + "  ")
            default: lines.append(sentence())
            }
        }
        return lines
    }

    /// A document and whether it opted out of stamping.
    mutating func next() -> (text: String, optedOut: Bool) {
        let newline = chance(50) ? "\r\n" : "\n"
        var lines: [String] = []
        var optedOut = false
        switch kind {
        case .markdown:
            if chance(40) {
                let yaml = chance(50)
                let fence = yaml ? "---" : "+++"
                let assign: (String, String) -> String = { yaml ? "\($0): \($1)" : "\($0) = \"\($1)\"" }
                lines.append(fence)
                if chance(50) { lines.append(assign("title", sentence())) }
                if chance(30) { lines.append(assign("lang", pick(["fr", "en"]))) }
                if chance(8) {
                    lines.append(assign("chapeau", "off"))
                    optedOut = true
                }
                lines.append(fence)
            }
            if chance(30) { lines.append("") }
            if chance(60) { lines.append("# " + sentence()) }
            if chance(10) { lines += [sentence(), "======"] }
            lines += bodyLines()
        case .html:
            let body = bodyLines().map { "<p>\($0)</p>" }
            let title = chance(60) ? ["<h1>\(sentence())</h1>"] : []
            switch Int.random(in: 0..<4, using: &random) {
            case 0: lines = title + body
            case 1: lines = ["<html><head><title>\(sentence())</title></head>", "<body>"] + title + body + ["</body></html>"]
            case 2: lines = ["<body>", "  <article class=\"post\">"] + title.map { "    " + $0 } + body
                + ["  </article>", "</body>"]
            default: lines = ["<body><article>" + (title + body).joined() + "</article></body>"]
            }
        case .text:
            lines = (chance(70) ? [sentence()] : []) + bodyLines()
        }
        var text = lines.joined(separator: newline)
        if !lines.isEmpty, chance(70) { text += newline }
        if chance(20) { text = "\u{FEFF}" + text }
        return (text, optedOut)
    }
}

@Suite("Stamping properties over generated documents")
struct StampPropertyTests {
    static let documentsPerKind = 300

    @Test("stamp is idempotent, remove undoes it, check sees it current", arguments: FileKind.allCases)
    func properties(kind: FileKind) throws {
        let rendered = try Fixtures.rendered(kind)
        let later = try Fixtures.rendered(kind, context: Fixtures.laterContext)
        let headless = RenderedFooter(tail: rendered.tail)
        var generator = DocumentGenerator(kind: kind, footerQuote: rendered.tail,
                                          random: SplitMix64(seed: 0xC4A9_EA00 + UInt64(kind.rawValue.count)))
        for index in 0..<Self.documentsPerKind {
            let (text, optedOut) = generator.next()
            let footer = index.isMultiple(of: 5) ? headless : rendered
            let context = "document \(index): \(text.debugDescription)"
            let stamped = try Footer.stamp(text, kind: kind, rendered: footer)

            try #require(bytes(try Footer.stamp(stamped, kind: kind, rendered: footer)) == bytes(stamped), "\(context)")
            try #require(bytes(try Footer.remove(stamped, kind: kind)) == bytes(text), "\(context)")
            if optedOut {
                try #require(stamped == text, "\(context)")
                try #require(Footer.check(stamped, kind: kind, rendered: footer) == .disabled, "\(context)")
                continue
            }
            try #require(Footer.check(text, kind: kind, rendered: footer) == .missing, "\(context)")
            try #require(Footer.check(stamped, kind: kind, rendered: footer) == .current, "\(context)")
            try #require(Footer.check(stamped, kind: kind, rendered: later) == .stale, "\(context)")

            let restamped = try Footer.stamp(stamped, kind: kind, rendered: later)
            try #require(bytes(restamped) == bytes(try Footer.stamp(text, kind: kind, rendered: later)), "\(context)")
            try #require(footerBlocks(in: restamped, kind: kind) == 1, "\(context)")
            try #require(bytes(try Footer.remove(restamped, kind: kind)) == bytes(text), "\(context)")

            if text.utf8.contains(0x0A), lineEndingsAreCRLF(text) {
                try #require(lineEndingsAreCRLF(stamped), "\(context)")
            }
            if text.hasPrefix("\u{FEFF}") {
                try #require(stamped.hasPrefix("\u{FEFF}") && !stamped.dropFirst().contains("\u{FEFF}"), "\(context)")
            }
        }
    }

    @Test("The generator is deterministic and covers the interesting cases")
    func generatorCoverage() throws {
        let quote = try Fixtures.rendered(.markdown).tail
        var first = DocumentGenerator(kind: .markdown, footerQuote: quote, random: SplitMix64(seed: 7))
        var second = DocumentGenerator(kind: .markdown, footerQuote: quote, random: SplitMix64(seed: 7))
        let documents = (0..<Self.documentsPerKind).map { _ in first.next() }
        #expect(documents.map(\.text) == (0..<Self.documentsPerKind).map { _ in second.next().text })
        let texts = documents.map(\.text)
        #expect(texts.contains { $0.contains("\r\n") })
        #expect(texts.contains { $0.contains("\n") && !$0.contains("\r\n") })
        #expect(texts.contains { $0.hasPrefix("\u{FEFF}") })
        #expect(texts.contains { $0.hasPrefix("---") } && texts.contains { $0.hasPrefix("+++") })
        #expect(texts.contains { !$0.isEmpty && !$0.hasSuffix("\n") })
        #expect(texts.contains { $0.contains(quote) })
        #expect(documents.contains { $0.optedOut })
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private func footerBlocks(in text: String, kind: FileKind) -> Int {
        text.split(whereSeparator: \.isNewline)
            .count { line in kind.markerSyntax.parse(line).map { $0.part == .footer && $0.role == .begin } ?? false }
    }

    private func lineEndingsAreCRLF(_ text: String) -> Bool {
        let bytes = bytes(text)
        return bytes.indices.allSatisfy { bytes[$0] != 0x0A || ($0 > 0 && bytes[$0 - 1] == 0x0D) }
    }
}
