import Foundation
import Testing
import ChapeauTestSupport

/// The report golden files, in `Golden/` beside this file (`RECORD_GOLDEN=1` re-records them,
/// failing on purpose).
enum Golden {
    static let files = GoldenFiles(beside: #filePath)
    static var directory: URL { files.directory }

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        files.check(actual, against: name, sourceLocation: sourceLocation)
    }
}
