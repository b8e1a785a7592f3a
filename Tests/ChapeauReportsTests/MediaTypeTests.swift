import Testing
@testable import ChapeauReports

@Suite("One table of media types for what is published")
struct MediaTypeTests {
    @Test("Every report format and site file has its own media type, never the octet-stream fallback")
    func everyPublishedFileIsTyped() {
        let names = ReportFormat.allCases.map(\.fileName) + SiteFile.allCases.map(\.fileName)
        for name in names {
            #expect(MediaType.of(fileName: name) != "application/octet-stream", "\(name)")
        }
        #expect(MediaType.of(fileName: "feed.atom") == "application/atom+xml")
        #expect(MediaType.of(fileName: "2026-11/index.html") == "text/html; charset=utf-8")
        #expect(MediaType.of(fileName: "report.md") == "text/markdown; charset=utf-8")
        #expect(MediaType.of(fileName: "README") == "application/octet-stream")
    }
}
