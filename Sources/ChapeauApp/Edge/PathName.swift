import Foundation

/// File and folder names made from data — period ids, supporter handles, campaign slugs, names
/// read back from a folder — are one path component, never a path: every join of data onto a
/// folder goes through here, so that nothing written, copied or published leaves its folder.
enum PathName {
    /// Why `name` cannot be one file or folder name, or nil: empty, `.` or `..`, a `/` or `\`,
    /// a NUL or another control character, a bidirectional or invisible format character, or
    /// longer than 255 bytes.
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name == "." || name == ".." { return "'\(name)' would name a folder above or the same folder" }
        if name.contains("/") || name.contains("\\") { return "it holds a '/' or '\\': it would leave its folder" }
        if name.unicodeScalars.contains(where: { $0.value == 0 || $0.properties.generalCategory == .control
                                                 || $0.properties.generalCategory == .format
                                                 || $0.properties.generalCategory == .lineSeparator
                                                 || $0.properties.generalCategory == .paragraphSeparator }) {
            return "it holds a NUL, control or invisible character"
        }
        if name.utf8.count > 255 { return "it is longer than 255 bytes" }
        return nil
    }

    /// `folder/name`, or a refusal (65) naming the value and `what` it is.
    static func join(_ folder: String, _ name: String, what: String) throws -> String {
        if let problem = problem(name) {
            throw AppError.invalid("\(what) '\(name)' cannot be a file name: \(problem)")
        }
        return (folder as NSString).appendingPathComponent(name)
    }

    /// Whether `relative` is a relative path of well-formed names (no `..`, no absolute path):
    /// joined onto a folder, it stays inside.
    static func isContained(_ relative: String) -> Bool {
        guard !relative.hasPrefix("/") else { return false }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { problem(String($0)) == nil }
    }
}
