import Testing
@testable import ChapeauFooter

@Suite("Article URLs: what generators publish, never a source path")
struct ArticleURLTests {
    let urls = ArticleURL(siteURL: "https://example.org/")

    func url(_ name: String, under relative: String, kind: FileKind = .markdown,
             with urls: ArticleURL? = nil) throws -> String? {
        let text = try RealWorld.text(name)
        return (urls ?? self.urls).resolve(DocumentInfo(parsing: text, kind: kind), relativePath: relative, kind: kind)
    }

    @Test("A site-relative front-matter url: (Hugo) becomes absolute on the configured site")
    func siteRelativeURL() throws {
        #expect(try url("hugo/zwindler-issue-ouverte-apres-7-ans.md", under: "post/2023/x.md")
                == "https://example.org/2023/11/24/issue-ouverte-apres-7-ans")
    }

    @Test("canonical_url (Substack) and permalink (Jekyll page) are honoured")
    func declaredURLs() throws {
        #expect(try url("newsletter/substack-antes-mi-profesion.md", under: "posts/x.md")
                == "https://emmanuelvalverderamos.substack.com/p/antes-mi-profesion-que-mi-trabajo")
        #expect(try url("jekyll/dirtyf-a-propos.md", under: "_pages/a-propos.md") == "https://example.org/a-propos/")
    }

    @Test("slug replaces the file's name (Pelican, WordPress export)")
    func slug() throws {
        #expect(try url("pelican/notmyidea-prix-libre.md", under: "Journal/2019-12-11-prix-libre.md")
                == "https://example.org/Journal/prix-libre-et-conscient/")
        #expect(try url("wordpress/wipdeveloper-cordova-with-aurelia-cli.md", under: "2016/11/cordova.md")
                == "https://example.org/2016/11/cordova-with-aureli-cli/")
    }

    @Test("Without a declared URL: the pretty URL generators serve, no .md, no _posts, no date prefix, index is the folder")
    func prettyByDefault() throws {
        #expect(try url("hugo/spf13-cross-compiling-go.md", under: "post/cross-compiling-go.md")
                == "https://example.org/post/cross-compiling-go/")
        #expect(try url("jekyll/dirtyf-empathie-une-force.md", under: "_posts/2018-03-05-comment-faire-de-votre-empathie-une-force-.md")
                == "https://example.org/comment-faire-de-votre-empathie-une-force-/")
        #expect(try url("eleventy/nhoizey-billet-2022-02-14.md", under: "billets/2022/02/14/index.md")
                == "https://example.org/billets/2022/02/14/")
        #expect(try url("gatsby/gatsby-hello-world.md", under: "hello-world/index.md") == "https://example.org/hello-world/")
        #expect(try url("zola/lafor-ge-hls.md", under: "blog/hls.md") == "https://example.org/blog/hls/")
        // HTML and text files are served as they are.
        #expect(try url("pelican/notmyidea-prix-libre-et-conscient.html", under: "prix-libre-et-conscient.html", kind: .html)
                == "https://example.org/prix-libre-et-conscient.html")
    }

    @Test("A [footer] permalink pattern, with the date from the front matter or the file name")
    func pattern() throws {
        let dated = ArticleURL(siteURL: "https://example.org", pattern: "/{year}/{month}/{day}/{slug}/")
        #expect(try url("jekyll/dirtyf-empathie-une-force.md", under: "_posts/2018-03-05-empathie.md", with: dated)
                == "https://example.org/2018/03/05/empathie/")
        #expect(try url("zola/lafor-ge-hls.md", under: "blog/hls.md", with: dated)
                == "https://example.org/2023/01/11/hls/")
        // No date anywhere: the pattern cannot be filled, the default applies.
        #expect(try url("newsletter/data-is-plural-2023-01-04.md", under: "editions/news.md", with: dated)
                == "https://example.org/editions/news/")
        let sectioned = ArticleURL(siteURL: "https://example.org", pattern: "/{section}/{slug}.html")
        #expect(try url("hugo/spf13-cross-compiling-go.md", under: "post/cross-compiling-go.md", with: sectioned)
                == "https://example.org/post/cross-compiling-go.html")
    }

    @Test("Placeholders in a declared permalink are not a URL; no site base and no absolute URL: none")
    func unusable() {
        var info = DocumentInfo()
        info.permalink = "/notes/{{ page.fileSlug }}/"
        #expect(urls.resolve(info, relativePath: "notes/a.md", kind: .markdown) == "https://example.org/notes/a/")
        info.url = "/x/"
        #expect(ArticleURL(siteURL: nil).resolve(info, relativePath: "notes/a.md", kind: .markdown) == nil)
    }
}
