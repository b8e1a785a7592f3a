import Foundation
import Testing

/// Golden files of the command line (help text, error lines) live beside this source file, in
/// `Golden/`, found through `#filePath` so the test target needs no resources.
///
/// Record mode: `RECORD_GOLDEN=1 swift test` writes every golden file and FAILS on purpose, so a
/// recorded run is never green; review the diff, then run again without the variable.
enum CLIGolden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    /// `["gift", "add", "--", "-5"]` → `gift-add-5`: letters, digits and single dashes.
    static func slug(_ words: [String]) -> String {
        var slug = ""
        for c in words.joined(separator: " ").lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { slug.append(c) } else if !slug.isEmpty && !slug.hasSuffix("-") { slug.append("-") }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                Issue.record("recorded golden file \(name): review it, then run the tests without RECORD_GOLDEN",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not write golden file \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = try? Data(contentsOf: url), let expected = String(data: data, encoding: .utf8) else {
            Issue.record("missing golden file \(name): run `RECORD_GOLDEN=1 swift test` to create it, then review it",
                         sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        let got = line < a.count ? a[line] : "<end of output>"
        let want = line < e.count ? e[line] : "<end of file>"
        Issue.record("""
            \(name) differs from its golden file at line \(line + 1):
              expected: \(want)
              actual:   \(got)
            (run `RECORD_GOLDEN=1 swift test` to re-record after review)
            """, sourceLocation: sourceLocation)
    }
}
