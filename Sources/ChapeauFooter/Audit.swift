internal import Foundation

/// What an audit found on one republished page.
public struct AuditFinding: Sendable, Equatable {
    /// Whether the footer paragraph is reproduced.
    public enum Paragraph: Sendable, Equatable {
        /// Word for word, give or take wrapping, case, punctuation, quotes, entities and spaces.
        case present
        /// Recognisably there, but changed; each difference is one sentence for humans.
        case altered(differences: [String])
        /// Not there.
        case missing
    }

    public var paragraph: Paragraph
    /// Whether the support URL is linked (an `href`) or written in the page's text.
    public var supportLinkPresent: Bool

    public init(paragraph: Paragraph, supportLinkPresent: Bool) {
        self.paragraph = paragraph
        self.supportLinkPresent = supportLinkPresent
    }

    /// A copy is compliant when the paragraph is present and the support link too.
    public var isCompliant: Bool { paragraph == .present && supportLinkPresent }
}

/// Matching a republished page against the footer paragraph, as pure text functions.
public enum Audit {
    /// The text a reader sees in a page: scripts, styles, the head and comments dropped, a line
    /// break for each block element, other tags removed, entities decoded, whitespace collapsed.
    public static func htmlToText(_ html: String) -> String {
        HTMLScan.text(of: Array(html.utf8))
    }

    /// Text reduced for comparison: Unicode composed, invisible characters dropped, every kind of
    /// space (no-break, narrow no-break, thin, line breaks) made one space, « » “ ” „ made `"`,
    /// ’ ‘ made `'`, dashes made `-`, … made `...`, French spacing inside guillemets and before
    /// `: ; ! ?` dropped, trimmed. Case is kept; comparisons ignore it.
    public static func normalise(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        var afterOpeningGuillemet = false
        for character in text.precomposedStringWithCanonicalMapping {
            if invisible.contains(character) { continue }
            if character.isWhitespace {
                pendingSpace = !result.isEmpty && !afterOpeningGuillemet
                continue
            }
            if pendingSpace, !closingPunctuation.contains(character) { result.append(" ") }
            pendingSpace = false
            afterOpeningGuillemet = openingGuillemets.contains(character)
            result += replacements[character] ?? String(character)
        }
        return result
    }

    /// Collapses runs of HTML whitespace (ASCII spaces, tabs, line breaks) to one space and trims;
    /// no-break spaces stay, `normalise` folds them.
    static func collapseWhitespace(_ text: String) -> String {
        text.split(whereSeparator: { " \t\n\r\u{0C}".contains($0) || $0 == "\r\n" }).joined(separator: " ")
    }

    /// Compares a page with the expected paragraph and looks for the support link.
    ///
    /// `paragraph` is best the footer rendered for `.text` (what a reader sees); a rendering for
    /// `.html` (it has closing tags) is reduced to text first. The paragraph is `present` when its
    /// words appear in a row in the page; `altered` when at least half of them do, in order, in one
    /// window, with each difference described; `missing` otherwise.
    /// The sentinel address `attributionLead` looks for in a paragraph rendered with it as the
    /// article's URL.
    public static let articleURLSentinel = "https://chapeau.invalid/article"

    /// The words that introduce the link to the original text ("Texte original :"), from a
    /// paragraph rendered for text with `articleURLSentinel` as the article URL and no title; nil
    /// when the paragraph gives no such link.
    public static func attributionLead(_ renderedWithSentinel: String) -> String? {
        guard let sentinel = renderedWithSentinel.range(of: articleURLSentinel) else { return nil }
        let before = renderedWithSentinel[..<sentinel.lowerBound]
        let start = [". ", "! ", "? ", ") "].compactMap { before.range(of: $0, options: .backwards)?.upperBound }.max()
            ?? before.startIndex
        let lead = before[start...].trimmingCharacters(in: .whitespacesAndNewlines)
        return lead.isEmpty ? nil : lead
    }

    /// Words between the paragraph and the attribution sentence (figures, report link) allowed,
    /// and between its lead and its link (the title).
    static let attributionReach = 80
    static let titleReach = 30

    /// `compare`, and when `attribution` (see `attributionLead`) is given and the paragraph is
    /// found, whether the copy keeps the sentence that links to the original text, with its link.
    public static func compare(expected paragraph: String, supportURL: String, page html: String,
                               attribution: String?) -> AuditFinding {
        var finding = compare(expected: paragraph, supportURL: supportURL, page: html)
        guard let attribution, finding.paragraph != .missing else { return finding }
        let lead = words(normalise(attribution))
        var links: [Link] = []
        let page = words(normalise(HTMLScan.text(of: Array(html.utf8), linkMarkers: true)), links: &links)
        let expected = words(normalise(paragraph.contains("</") ? htmlToText(paragraph) : HTMLEntities.decode(paragraph)))
        guard !lead.isEmpty, let window = WordAlignment.compare(expected: expected, page: page).window else { return finding }
        let leadText = "“" + lead.map(\.text).joined(separator: " ") + "”"
        let searchEnd = Swift.min(page.count, window.upperBound + attributionReach)
        let found = (window.lowerBound..<searchEnd).first { start in
            start + lead.count <= page.count && zip(lead, page[start...]).allSatisfy { $0.key == $1.key }
        }
        var difference: String?
        if let found {
            let from = found + lead.count
            let to = Swift.min(page.count, from + titleReach)
            let linked = links.contains { from <= $0.position && $0.position <= to }
                || page[from..<to].contains { $0.text.contains("://") || $0.text.lowercased().hasPrefix("www.") }
            if !linked { difference = "the link to the original text is missing after \(leadText)" }
        } else {
            difference = "the sentence that links to the original text (\(leadText) …) is missing"
        }
        if let difference {
            switch finding.paragraph {
            case .present: finding.paragraph = .altered(differences: [difference])
            case .altered(let differences): finding.paragraph = .altered(differences: differences + [difference])
            case .missing: break
            }
        }
        return finding
    }

    public static func compare(expected paragraph: String, supportURL: String, page html: String) -> AuditFinding {
        let looksLikeHTML = paragraph.contains("</")
        let expectedText = looksLikeHTML ? htmlToText(paragraph) : HTMLEntities.decode(paragraph)
        let expected = words(normalise(expectedText))
        var links: [Link] = []
        let page = words(normalise(HTMLScan.text(of: Array(html.utf8), linkMarkers: true)), links: &links)
        let match = WordAlignment.compare(expected: expected, page: page)
        // The support link counts where the paragraph is: a link elsewhere on the page (a reader's
        // comment, a sidebar) is not the paragraph's. Without the paragraph, anywhere.
        guard let window = match.window else {
            return AuditFinding(paragraph: match.paragraph, supportLinkPresent: supportLinkPresent(supportURL, in: html))
        }
        let wanted = split(linkKey(supportURL))
        let wantedWord = words(normalise(supportURL)).first?.key
        let linked = !wanted.path.isEmpty && (
            links.contains { link in
                window.lowerBound <= link.position && link.position <= window.upperBound
                    && link.key.path == wanted.path && (wanted.query.isEmpty || link.key.query.contains(wanted.query))
            } || page[window].contains { $0.key == wantedWord })
        return AuditFinding(paragraph: match.paragraph, supportLinkPresent: linked)
    }

    /// A link of the page: its address reduced by `linkKey`, and the index of the word it precedes.
    struct Link {
        let position: Int
        let key: (path: String, query: String)
    }

    /// Whether the page links to `url` (an `href`, ignoring scheme, `www.`, case, a trailing slash,
    /// a fragment or an added query) or writes it in its text.
    public static func supportLinkPresent(_ url: String, in html: String) -> Bool {
        let wanted = linkKey(url)
        guard !wanted.isEmpty else { return false }
        let (wantedPath, wantedQuery) = split(wanted)
        let bytes = Array(html.utf8)
        for offset in bytes.indices where bytes[offset] == ASCII.lessThan {
            guard let href = HTMLScan.attributes(ofTagAt: offset, in: bytes)["href"] else { continue }
            let (path, query) = split(linkKey(href))
            if path == wantedPath, wantedQuery.isEmpty || query.contains(wantedQuery) { return true }
        }
        return htmlToText(html).lowercased().contains(wanted)
    }

    /// A URL reduced for comparison: lower-cased, without scheme, `www.`, fragment, or `/` ending
    /// its path.
    static func linkKey(_ url: String) -> String {
        var key = url.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for scheme in ["https://", "http://", "//"] where key.hasPrefix(scheme) {
            key.removeFirst(scheme.count)
            break
        }
        if key.hasPrefix("www.") { key.removeFirst(4) }
        if let hash = key.firstIndex(of: "#") { key = String(key[..<hash]) }
        var (path, query) = split(key)
        while path.hasSuffix("/") { path.removeLast() }
        return query.isEmpty ? path : path + "?" + query
    }

    private static func split(_ key: String) -> (path: String, query: String) {
        guard let mark = key.firstIndex(of: "?") else { return (key, "") }
        return (String(key[..<mark]), String(key[key.index(after: mark)...]))
    }

    /// The words compared: punctuation-only tokens drop out (still ending a sentence), and a URL
    /// compares by its `linkKey`, so `https://www.example.org/` matches `example.org`.
    static func words(_ normalised: String) -> [Word] {
        var links: [Link] = []
        return words(normalised, links: &links)
    }

    /// The words, and the links marked in the text (`HTMLScan.linkMarker`) with their place.
    static func words(_ normalised: String, links: inout [Link]) -> [Word] {
        var words: [Word] = []
        for token in normalised.split(separator: " ") {
            if token.first == HTMLScan.linkMarker {
                let href = token.filter { $0 != HTMLScan.linkMarker }
                links.append(Link(position: words.count, key: split(linkKey(String(href)))))
                continue
            }
            var lowered = token.lowercased()
            if lowered.contains("://") || lowered.hasPrefix("www.") {
                let trailing = lowered.reversed().prefix { ".,;:!?)\"'".contains($0) }.count
                lowered = linkKey(String(lowered.dropLast(trailing)))
            }
            let key = String(lowered.filter { $0.isLetter || $0.isNumber })
            if !key.isEmpty { words.append(Word(text: String(token), key: key)) }
            let ending = token.trimmingCharacters(in: CharacterSet(charactersIn: "\"')]*"))
            if let last = ending.last, ".!?".contains(last), !words.isEmpty {
                words[words.count - 1].endsSentence = true
            }
        }
        return words
    }

    private static let invisible: Set<Character> = ["\u{00AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}",
                                                    "\u{FEFF}"]
    private static let openingGuillemets: Set<Character> = ["«", "‹"]
    private static let closingPunctuation: Set<Character> = ["»", "›", ":", ";", "!", "?"]
    private static let replacements: [Character: String] = [
        "«": "\"", "»": "\"", "“": "\"", "”": "\"", "„": "\"", "‟": "\"", "″": "\"",
        "‹": "'", "›": "'", "’": "'", "‘": "'", "‚": "'", "‛": "'", "′": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
        "…": "...",
    ]
}

/// A word of normalised text: as written, and the key compared (lower case, letters and digits).
struct Word: Equatable {
    let text: String
    let key: String
    var endsSentence = false
}

/// The expected paragraph aligned on its best-matching window of the page, word by word: an edit
/// distance where the page's words before and after the window are free.
enum WordAlignment {
    private enum Step: UInt8 { case match, substitute, dropExpected, addPage }

    /// Below this share of expected words found in order, the paragraph is deemed missing.
    static let recognisableShare = 0.5

    /// The finding, and the page's words the paragraph was found in (nil when missing).
    struct Match {
        let paragraph: AuditFinding.Paragraph
        let window: Range<Int>?
    }

    static func compare(expected: [Word], page: [Word]) -> Match {
        guard !expected.isEmpty else { return Match(paragraph: .present, window: nil) }
        guard !page.isEmpty else { return Match(paragraph: .missing, window: nil) }
        if let start = run(expected[...], in: page) {
            return Match(paragraph: .present, window: start..<(start + expected.count))
        }

        let n = expected.count
        let m = page.count
        // steps[i * (m + 1) + j]: the last step of the best alignment of expected[..<i] ending at page[j].
        var steps = [Step](repeating: .addPage, count: (n + 1) * (m + 1))
        var previous = [Int](repeating: 0, count: m + 1)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            steps[i * (m + 1)] = .dropExpected
            for j in 1...m {
                let same = expected[i - 1].key == page[j - 1].key
                var best = previous[j - 1] + (same ? 0 : 1)
                var step: Step = same ? .match : .substitute
                if previous[j] + 1 < best { best = previous[j] + 1; step = .dropExpected }
                if current[j - 1] + 1 < best { best = current[j - 1] + 1; step = .addPage }
                current[j] = best
                steps[i * (m + 1) + j] = step
            }
            swap(&previous, &current)
        }
        guard let end = previous.indices.dropFirst().min(by: { previous[$0] < previous[$1] }) else {
            return truncated(expected, page) ?? Match(paragraph: .missing, window: nil)
        }

        // Walk back from the best end to the first expected word.
        var path: [(step: Step, i: Int, j: Int)] = []
        var i = n
        var j = end
        while i > 0 {
            let step = steps[i * (m + 1) + j]
            path.append((step, i - 1, j - 1))
            switch step {
            case .match, .substitute: i -= 1; j -= 1
            case .dropExpected: i -= 1
            case .addPage: j -= 1
            }
        }
        path.reverse()
        let matched = path.count { $0.step == .match }
        guard Double(matched) >= recognisableShare * Double(n) else {
            return truncated(expected, page) ?? Match(paragraph: .missing, window: nil)
        }
        let pageWords = path.filter { $0.step == .match || $0.step == .substitute }.map(\.j)
        let window = (pageWords.min() ?? 0)..<((pageWords.max() ?? 0) + 1)
        return Match(paragraph: .altered(differences: differences(path, expected: expected, page: page)), window: window)
    }

    /// Fewest words of a copy that stops after its first sentences for it to count as a cut copy.
    static let shortestCut = 6

    /// A copy that reproduces the first sentences word for word and stops: altered, saying so.
    private static func truncated(_ expected: [Word], _ page: [Word]) -> Match? {
        let sentences = sentenceNumbers(expected)
        guard let count = sentences.last, count > 1 else { return nil }
        for kept in stride(from: count - 1, through: 1, by: -1) {
            let length = sentences.count { $0 <= kept }
            guard length >= shortestCut, let start = run(expected.prefix(length), in: page) else { continue }
            let lost = kept + 1 == count ? "sentence \(count) is missing" : "sentences \(kept + 1)–\(count) are missing"
            let first = quote(expected.dropFirst(length).prefix(12).map(\.text))
            return Match(paragraph: .altered(differences: [
                "the copy stops after sentence \(kept): \(lost), from \(first)",
            ]), window: start..<(start + length))
        }
        return nil
    }

    /// Where the expected words appear in a row in the page, if they do.
    private static func run(_ expected: ArraySlice<Word>, in page: [Word]) -> Int? {
        guard !expected.isEmpty, expected.count <= page.count else { return nil }
        let first = expected[expected.startIndex].key
        return (0...(page.count - expected.count)).first { start in
            page[start].key == first && zip(expected, page[start...]).allSatisfy { $0.key == $1.key }
        }
    }

    /// One sentence per run of edits: what the page lacks, changes or adds, and in which sentence.
    private static func differences(_ path: [(step: Step, i: Int, j: Int)], expected: [Word], page: [Word]) -> [String] {
        let sentenceOf = sentenceNumbers(expected)
        var found: [String] = []
        var dropped: [Int] = []
        var added: [Int] = []
        var lastExpected: Int?
        // `next`: the expected word after the run of edits, nil at the end of the paragraph.
        func flush(next: Int?) {
            defer { dropped = []; added = [] }
            guard !dropped.isEmpty || !added.isEmpty else { return }
            let lost = quote(dropped.map { expected[$0].text })
            let new = quote(added.map { page[$0].text })
            if let first = dropped.first, let last = dropped.last {
                let (from, to) = (sentenceOf[first], sentenceOf[last])
                let place = from == to ? "sentence \(from)" : "sentences \(from)–\(to)"
                let whole = dropped.count == sentenceOf.count { (from...to).contains($0) }
                if !added.isEmpty {
                    found.append("\(place): \(lost) was changed to \(new)")
                } else if whole {
                    found.append("\(place) \(from == to ? "is" : "are") missing: \(lost)")
                } else {
                    found.append("\(place): \(lost) is missing")
                }
                return
            }
            let before = lastExpected.map { sentenceOf[$0] }
            let after = next.map { sentenceOf[$0] }
            let place = switch (before, after) {
            case let (before?, after?) where before == after: "in sentence \(before)"
            case let (before?, after?): "between sentences \(before) and \(after)"
            case let (before?, nil): "after sentence \(before)"
            case let (nil, after?): "before sentence \(after)"
            case (nil, nil): "in the paragraph"
            }
            found.append("\(place): \(new) was added")
        }
        for entry in path {
            switch entry.step {
            case .match:
                flush(next: entry.i)
                lastExpected = entry.i
            case .substitute:
                dropped.append(entry.i)
                added.append(entry.j)
                lastExpected = entry.i
            case .dropExpected:
                dropped.append(entry.i)
                lastExpected = entry.i
            case .addPage:
                added.append(entry.j)
            }
        }
        flush(next: nil)
        return found
    }

    /// For each expected word, the number (from 1) of the sentence it belongs to.
    private static func sentenceNumbers(_ words: [Word]) -> [Int] {
        var sentence = 1
        return words.map { word in
            defer { if word.endsSentence { sentence += 1 } }
            return sentence
        }
    }

    private static func quote(_ words: [String]) -> String {
        let shown = words.count > 12 ? words.prefix(6) + ["…"] + words.suffix(5) : words[...]
        return "“" + shown.joined(separator: " ") + "”"
    }
}
