public import Foundation
public import Testing

/// Golden files: expected outputs kept in a `Golden/` folder beside the test source that checks
/// them, found through `#filePath` so that no test target needs resources.
///
/// Record mode: with the folder's variable set to 1 (`RECORD_GOLDEN=1 swift test`), every checked
/// file is written and the check FAILS on purpose, so a recorded run is never green: review the
/// diff, then run again without the variable.
public struct GoldenFiles: Sendable {
    public let directory: URL
    /// The environment variable that switches this folder to record mode.
    public let variable: String
    /// What a file is called in messages: "golden file", "schema golden file".
    public let noun: String
    /// Said after a mismatch: how to fix it.
    public let advice: String

    public init(beside filePath: String, variable: String = "RECORD_GOLDEN", noun: String = "golden file",
                advice: String = "(run `RECORD_GOLDEN=1 swift test` to re-record after review)") {
        directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        self.variable = variable
        self.noun = noun
        self.advice = advice
    }

    public var isRecording: Bool { ProcessInfo.processInfo.environment[variable] == "1" }

    /// `gift add -- -5` → `gift-add-5`: lower-case ASCII letters and digits, single dashes.
    public static func slug(_ text: String) -> String {
        var slug = ""
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { slug.append(c) } else if !slug.isEmpty && !slug.hasSuffix("-") { slug.append("-") }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    public func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
                Issue.record("recorded \(noun) \(name): review it, then run the tests without \(variable)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not write \(noun) \(name): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = try? Data(contentsOf: url), let expected = String(data: data, encoding: .utf8) else {
            Issue.record("missing \(noun) \(name): run `\(variable)=1 swift test` to create it, then review it",
                         sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
        let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
        let got = line < a.count ? a[line] : "<end of output>"
        let want = line < e.count ? e[line] : "<end of file>"
        Issue.record("""
            \(name) differs from its \(noun) at line \(line + 1):
              expected: \(want)
              actual:   \(got)
            \(advice)
            """, sourceLocation: sourceLocation)
    }
}
