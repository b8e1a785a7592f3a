internal import Foundation

/// WordPress export files (WXR: RSS 2.0 with the `wp:` namespace): every published post's content
/// (`<content:encoded><![CDATA[…]]></content:encoded>`) is an HTML article, stamped, checked and
/// removed as such; nothing else in the file changes, so `remove` restores it byte for byte.
///
/// A post is published when its `<wp:status>` is `publish` and its `<wp:post_type>` is `post`.
/// Its title is the item's `<title>`, its URL the item's `<link>` (the permalink WordPress
/// serves), its language the channel's `<language>`. Content that is not a CDATA section is left
/// alone. `]]>` in a footer is written as WordPress writes it inside CDATA (`]]]]><![CDATA[>`).
public enum WXR {
    /// What a post says about itself.
    public struct Post: Sendable, Equatable {
        public let title: String?
        public let link: String?
        public let language: String?
        public let published: Bool
    }

    /// Whether the text is a WordPress export.
    public static func isExport<Bytes: Collection<UInt8>>(_ head: Bytes) -> Bool {
        let bytes = Array(head)
        return bytes.firstOffset(of: Array("xmlns:wp=".utf8)) != nil
            && bytes.firstOffset(of: Array("wordpress.org/export/".utf8)) != nil
    }

    /// Every post (published or not) in file order.
    public static func posts(_ text: String) -> [Post] {
        items(Array(text.utf8)).map(\.post)
    }

    /// The export with each published post stamped with `rendered(post)`.
    public static func stamp(_ text: String, rendered: (Post) -> RenderedFooter) throws(FooterError) -> String {
        try rewrite(text) { item, content throws(FooterError) in
            guard item.post.published else { return nil }
            let footer = rendered(item.post)
            let escaped = RenderedFooter(head: footer.head.map(escapeCDATA), tail: escapeCDATA(footer.tail))
            return try Footer.stamp(content, kind: .html, rendered: escaped)
        }
    }

    /// The export without any stamped block, in any post.
    public static func remove(_ text: String) throws(FooterError) -> String {
        try rewrite(text) { _, content throws(FooterError) in try Footer.remove(content, kind: .html) }
    }

    /// Where the published posts stand, all together: malformed, else missing, else stale, else current.
    public static func check(_ text: String, rendered: (Post) -> RenderedFooter) -> FooterStatus {
        let bytes = Array(text.utf8)
        var statuses: [FooterStatus] = []
        for item in items(bytes) where item.post.published {
            guard let range = item.content else { continue }
            let content = bytes.text(range)
            let footer = rendered(item.post)
            let escaped = RenderedFooter(head: footer.head.map(escapeCDATA), tail: escapeCDATA(footer.tail))
            statuses.append(Footer.check(content, kind: .html, rendered: escaped))
        }
        if let malformed = statuses.first(where: { if case .malformed = $0 { true } else { false } }) { return malformed }
        if statuses.contains(.missing) { return .missing }
        if statuses.contains(.stale) { return .stale }
        return .current
    }

    // MARK: - Reading

    struct Item {
        let post: Post
        /// The bytes inside the content's CDATA section.
        let content: Range<Int>?
    }

    private static func rewrite(_ text: String,
                                _ change: (Item, String) throws(FooterError) -> String?) throws(FooterError) -> String {
        var bytes = Array(text.utf8)
        for item in items(bytes).reversed() {
            guard let range = item.content else { continue }
            let content = bytes.text(range)
            guard let changed = try change(item, content), !changed.utf8.elementsEqual(content.utf8) else { continue }
            bytes.replaceSubrange(range, with: Array(changed.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let cdataOpen = Array("<![CDATA[".utf8)
    private static let cdataClose = Array("]]>".utf8)

    static func items(_ bytes: [UInt8]) -> [Item] {
        let channelEnd = bytes.firstTag("item") ?? bytes.count
        let language = element("language", in: bytes, 0..<channelEnd).map { value(bytes, $0) }
        var found: [Item] = []
        var start = 0
        while let open = bytes.firstTag("item", from: start), let openTag = HTMLScan.tag(at: open, in: bytes),
              let close = bytes.firstTag("item", closing: true, from: openTag.end) {
            let scope = openTag.end..<close
            let status = element("wp:status", in: bytes, scope).map { value(bytes, $0) }
            let type = element("wp:post_type", in: bytes, scope).map { value(bytes, $0) }
            let post = Post(
                title: element("title", in: bytes, scope).map { HTMLEntities.decode(value(bytes, $0)) },
                link: element("link", in: bytes, scope).map { value(bytes, $0).trimmingASCIIWhitespace() }.map(String.init),
                language: language, published: status == "publish" && type == "post")
            var content: Range<Int>?
            if let inner = element("content:encoded", in: bytes, scope) {
                // One CDATA section, whitespace around it allowed (WordPress writes a line break
                // and a tab after it).
                var first = inner.lowerBound
                while first < inner.upperBound, ASCII.isSpace(bytes[first]) { first += 1 }
                var last = inner.upperBound
                while last > first, ASCII.isSpace(bytes[last - 1]) { last -= 1 }
                if bytes.matches(cdataOpen, at: first), last - first >= cdataOpen.count + cdataClose.count,
                   bytes.matches(cdataClose, at: last - cdataClose.count) {
                    content = (first + cdataOpen.count)..<(last - cdataClose.count)
                }
            }
            found.append(Item(post: post, content: content))
            start = close + 1
        }
        return found
    }

    /// The bytes between `<name…>` and `</name>` in `scope`, skipping CDATA sections.
    private static func element(_ name: String, in bytes: [UInt8], _ scope: Range<Int>) -> Range<Int>? {
        guard let open = bytes.firstTag(name, from: scope.lowerBound, before: scope.upperBound),
              let end = bytes.tagEnd(from: open), end < scope.upperBound
        else { return nil }
        if bytes[end - 1] == ASCII.slash { return (end + 1)..<(end + 1) }
        var index = end + 1
        let closing = Array("</\(name)>".utf8)
        while index < scope.upperBound {
            if bytes.matches(cdataOpen, at: index) {
                guard let cdataEnd = bytes.firstOffset(of: cdataClose, from: index + cdataOpen.count, before: scope.upperBound)
                else { return nil }
                index = cdataEnd + cdataClose.count
                continue
            }
            if bytes.matches(closing, at: index) { return (end + 1)..<index }
            index += 1
        }
        return nil
    }

    /// A simple value: CDATA sections unwrapped, trimmed.
    private static func value(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        var text = bytes.text(range).trimmingASCIIWhitespace()
        while text.hasPrefix("<![CDATA["), let close = text.range(of: "]]>") {
            text = (text[text.index(text.startIndex, offsetBy: 9)..<close.lowerBound] + text[close.upperBound...])[...]
        }
        return String(text.trimmingASCIIWhitespace())
    }

    static func escapeCDATA(_ text: String) -> String {
        text.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>")
    }
}
