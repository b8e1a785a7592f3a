import Foundation
import Testing
import ChapeauTestSupport

/// The command line's golden files (help text, error lines), in `Golden/` beside this file
/// (`RECORD_GOLDEN=1` re-records them, failing on purpose).
enum CLIGolden {
    static let files = GoldenFiles(beside: #filePath)
    static var directory: URL { files.directory }
    static var isRecording: Bool { files.isRecording }

    /// `["gift", "add", "--", "-5"]` → `gift-add-5`.
    static func slug(_ words: [String]) -> String { GoldenFiles.slug(words.joined(separator: " ")) }

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        files.check(actual, against: name, sourceLocation: sourceLocation)
    }
}
