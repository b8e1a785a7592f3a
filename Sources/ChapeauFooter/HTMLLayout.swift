// Where the article is in an HTML page or fragment, read in one pass over its tags.
//
// Comments (`<!-- … -->`) and the content of `script`, `style`, `textarea` and `template` are
// skipped, so a commented-out `<article>` or a `</body>` inside a script string is never taken
// for markup. Reader comments marked up as `<article>` (inside an element whose id or class says
// "comment", or nested in another article, or carrying such a class themselves) are never the
// article.

struct HTMLLayout {
    /// One `<article>` element.
    struct Article {
        let open: Int
        let openEnd: Int
        var close: Int?
        /// Inside another article, inside a comments container, or itself marked as a comment.
        let isComment: Bool
    }

    var articles: [Article] = []
    var bodyOpenEnd: Int?
    var lastBodyClose: Int?
    /// Offsets of `<h1` openings and of the end of `</h1>` closings, in order.
    var h1Opens: [Int] = []
    var h1CloseEnds: [Int] = []
    /// Ends of `</p>` tags that are not inside a list, quote, table, figure, aside or similar.
    var topLevelParagraphEnds: [Int] = []
    /// Byte ranges of HTML comments.
    var comments: [Range<Int>] = []
    /// Ends of top-level Gutenberg `<!-- /wp:paragraph -->` closers, and of any top-level block closer.
    var gutenbergParagraphEnds: [Int] = []
    var gutenbergBlockEnds: [Int] = []
    var isGutenberg = false

    private static let rawText: Set<String> = ["script", "style", "textarea", "template"]
    private static let nesting: Set<String> = [
        "blockquote", "ul", "ol", "dl", "table", "figure", "aside", "details", "pre", "nav", "header",
        "footer", "form", "menu",
    ]
    private static let commentWord = Array("comment".utf8)
    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)
    private static let wpOpen = Array("wp:".utf8)
    private static let wpClose = Array("/wp:".utf8)
    private static let wpParagraph = Array("/wp:paragraph".utf8)

    init(_ bytes: [UInt8]) {
        var openArticles: [Int] = []
        var commentContainer: (name: String, depth: Int)?
        var nestingDepth = 0
        var gutenbergDepth = 0
        var index = bytes.contentStart
        while index < bytes.count {
            guard bytes[index] == ASCII.lessThan else {
                index += 1
                continue
            }
            if bytes.matches(Self.commentOpen, at: index) {
                let close = bytes.firstOffset(of: Self.commentClose, from: index + 4).map { $0 + 3 } ?? bytes.count
                comments.append(index..<close)
                gutenberg(bytes, index..<close, depth: &gutenbergDepth)
                index = close
                continue
            }
            guard let tag = HTMLScan.tag(at: index, in: bytes) else {
                index += 1
                continue
            }
            let name = tag.name
            if !tag.isClosing, Self.rawText.contains(name) {
                let close = bytes.firstTag(name, closing: true, from: tag.end)
                index = close.flatMap { bytes.tagEnd(from: $0) }.map { $0 + 1 } ?? tag.end
                continue
            }
            if tag.isClosing {
                switch name {
                case "article":
                    if let open = openArticles.popLast() { articles[open].close = index }
                case "body": lastBodyClose = index
                case "h1": h1CloseEnds.append(tag.end)
                case "p" where nestingDepth == 0: topLevelParagraphEnds.append(tag.end)
                default: break
                }
                if Self.nesting.contains(name), nestingDepth > 0 { nestingDepth -= 1 }
                if let container = commentContainer, container.name == name {
                    commentContainer = container.depth <= 1 ? nil : (name, container.depth - 1)
                }
            } else {
                let selfClosing = bytes[tag.end - 2] == ASCII.slash
                let marksComment = bytes.firstOffset(of: Self.commentWord, from: index, before: tag.end) != nil
                    && Self.classOrIDMentionsComment(HTMLScan.attributes(ofTagAt: index, in: bytes))
                if let container = commentContainer, container.name == name, !selfClosing {
                    commentContainer = (name, container.depth + 1)
                }
                switch name {
                case "article":
                    let isComment = marksComment || commentContainer != nil || !openArticles.isEmpty
                    openArticles.append(articles.count)
                    articles.append(Article(open: index, openEnd: tag.end, close: nil, isComment: isComment))
                case "body": if bodyOpenEnd == nil { bodyOpenEnd = tag.end }
                case "h1": h1Opens.append(index)
                default:
                    if marksComment, commentContainer == nil, !selfClosing { commentContainer = (name, 1) }
                }
                if Self.nesting.contains(name), !selfClosing { nestingDepth += 1 }
            }
            index = tag.end
        }
    }

    private static func classOrIDMentionsComment(_ attributes: [String: String]) -> Bool {
        [attributes["class"], attributes["id"]].contains { ($0 ?? "").lowercased().contains("comment") }
    }

    /// Tracks Gutenberg block comments (`<!-- wp:name … -->`, `<!-- /wp:name -->`, self-closing
    /// `<!-- wp:name /-->`) and records where top-level blocks end.
    private mutating func gutenberg(_ bytes: [UInt8], _ range: Range<Int>, depth: inout Int) {
        var start = range.lowerBound + 4
        while start < range.upperBound, ASCII.isSpace(bytes[start]) { start += 1 }
        if bytes.matches(Self.wpOpen, at: start) {
            isGutenberg = true
            var end = range.upperBound - 3
            while end > start, ASCII.isSpace(bytes[end - 1]) { end -= 1 }
            let selfClosing = end > start && bytes[end - 1] == ASCII.slash
            if selfClosing {
                if depth == 0 { gutenbergBlockEnds.append(range.upperBound) }
            } else {
                depth += 1
            }
        } else if bytes.matches(Self.wpClose, at: start) {
            isGutenberg = true
            depth = Swift.max(0, depth - 1)
            if depth == 0 {
                gutenbergBlockEnds.append(range.upperBound)
                if bytes.matches(Self.wpParagraph, at: start) { gutenbergParagraphEnds.append(range.upperBound) }
            }
        }
    }

    /// The article that is the page's main content: among the articles that are not comments,
    /// the one holding the first `<h1>`, else the one with the most bytes.
    var mainArticle: Article? {
        let candidates = articles.filter { !$0.isComment && $0.close != nil }
        guard candidates.count > 1 else { return candidates.first }
        if let h1 = h1Opens.first,
           let holder = candidates.first(where: { $0.openEnd <= h1 && h1 < ($0.close ?? 0) }) {
            return holder
        }
        return candidates.max { ($0.close ?? 0) - $0.open < ($1.close ?? 0) - $1.open }
    }

    /// Whether `offset` lies strictly inside an HTML comment.
    func isInsideComment(_ offset: Int) -> Bool {
        comments.contains { $0.lowerBound < offset && offset < $0.upperBound }
    }
}
