import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ChapeauApp
import ChapeauFooter

/// A real WordPress export (Tests/Fixtures/realworld/articles/wxr, provenance alongside), read
/// back with an XML parser as the WordPress importer reads it.
@Suite("WordPress export files")
struct FooterWordPressTests {
    static let export = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/realworld/articles/wxr/themeunittestdata.wordpress.xml")

    /// One `<item>` as the importer sees it: its simple fields and its content.
    struct Item: Equatable {
        var fields: [String: String] = [:]
        var content = ""
        var published: Bool { fields["wp:status"] == "publish" && fields["wp:post_type"] == "post" }
    }

    final class Reader: NSObject, XMLParserDelegate {
        var items: [Item] = []
        private var current: Item?
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "item" { current = Item() }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "item", let item = current {
                items.append(item)
                current = nil
            } else if name == "content:encoded" {
                current?.content = text
            } else if current != nil, !["wp:postmeta", "wp:comment", "category"].contains(name) {
                current?.fields[name] = text
            }
            text = ""
        }
    }

    /// The items of a WXR file, or nil when it is not well-formed XML.
    static func read(_ data: Data) -> [Item]? {
        let parser = XMLParser(data: data)
        let reader = Reader()
        parser.delegate = reader
        return parser.parse() ? reader.items : nil
    }

    @Test("Stamped: well-formed, only the published posts' content changed, each with one footer; check passes; re-stamp is a no-op; remove restores the bytes")
    func stampCheckRemove() throws {
        let original = try Data(contentsOf: Self.export)
        let before = try #require(Self.read(original))
        #expect(before.count == 186)
        #expect(before.count(where: \.published) == 56)

        let tree = try FooterTree()
        try tree.write("content/export.xml", original)
        try tree.write("content/sitemap.xml", "<?xml version=\"1.0\"?><urlset></urlset>\n")
        let stamper = try tree.stamper()
        let run = stamper.stamp([tree.path("content")])
        #expect(run.statusByName == ["export.xml": .stamped])
        #expect(run.otherFiles == 1)

        let stamped = try tree.bytes("content/export.xml")
        #expect(String(decoding: stamped, as: UTF8.self).components(separatedBy: "<!-- chapeau:footer v1 begin").count == 57)
        let after = try #require(Self.read(stamped), "the stamped export is not well-formed XML")
        #expect(after.count == before.count)
        for (old, new) in zip(before, after) {
            #expect(old.fields == new.fields, "\(old.fields["title"] ?? "")")
            if old.published {
                #expect(new.content.components(separatedBy: "<!-- chapeau:footer v1 begin").count == 2)
                #expect(new.content.components(separatedBy: "<!-- chapeau:head v1 begin").count == 2)
                #expect(new.content.contains("<a href=\"\(old.fields["link"] ?? "-")\">"), "\(old.fields["title"] ?? "")")
                #expect(try Footer.remove(new.content, kind: .html) == old.content)
                if old.content.contains("<!-- wp:") {
                    #expect(new.content.contains("<!-- wp:html -->\n<aside class=\"chapeau-footer\""))
                }
            } else {
                #expect(new.content == old.content, "\(old.fields["title"] ?? "")")
            }
        }

        #expect(stamper.check([tree.path("content")]).statusByName == ["export.xml": .current])
        try tree.age("content/export.xml")
        #expect(stamper.stamp([tree.path("content")]).statusByName == ["export.xml": .current])
        #expect(try tree.modified("content/export.xml") == FooterTree.longAgo)

        #expect(FooterStamper.remove([tree.path("content")]).statusByName == ["export.xml": .removed])
        #expect(try tree.bytes("content/export.xml") == original)
    }

    @Test("A post whose footer was edited away is missing; a file that is no WordPress export is not an article")
    func checkMissing() throws {
        let tree = try FooterTree()
        try tree.write("content/export.xml", try Data(contentsOf: Self.export))
        let stamper = try tree.stamper()
        #expect(stamper.check([tree.path("content")]).statusByName == ["export.xml": .missing])
        _ = stamper.stamp([tree.path("content")])
        let text = try tree.text("content/export.xml")
        let first = try #require(text.range(of: "<!-- chapeau:footer v1 begin"))
        let end = try #require(text.range(of: "<!-- chapeau:footer v1 end -->\n", range: first.upperBound..<text.endIndex))
        try tree.write("content/export.xml", text.replacingCharacters(in: first.lowerBound..<end.upperBound, with: ""))
        #expect(stamper.check([tree.path("content")]).statusByName == ["export.xml": .missing])
    }
}
