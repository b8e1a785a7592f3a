/// The kinds of article file Chapeau stamps, as a data table: extensions and marker syntax.
public enum FileKind: String, CaseIterable, Sendable {
    case markdown
    case html
    case text

    /// File-name extensions (lower case, without the dot) of this kind.
    public var extensions: [String] {
        switch self {
        case .markdown: ["md", "markdown"]
        case .html: ["html", "htm"]
        case .text: ["txt"]
        }
    }

    /// How marker lines are written in this kind of file.
    public var markerSyntax: MarkerSyntax {
        switch self {
        case .markdown, .html: MarkerSyntax(opening: "<!--", closing: "-->")
        case .text: MarkerSyntax(opening: "--", closing: "--")
        }
    }

    /// The kind of a file from its path's extension (case-insensitive), or nil for other files.
    public static func forPath(_ path: String) -> FileKind? {
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        return allCases.first { $0.extensions.contains(ext) }
    }
}

/// The two parts Chapeau stamps: a short head line near the title, and the footer paragraph.
public enum StampPart: String, CaseIterable, Sendable {
    case head
    case footer
}

/// The delimiters of a marker line, e.g. `<!-- chapeau:footer v1 begin -->`.
///
/// A marker line holds, between `opening` and `closing`: `chapeau:<part> v<N> begin|end`, and after
/// `begin` optional flags (`eof-newline-added`). Any version `v<N>` is recognised, so a later
/// Chapeau stamping `v2` still finds and replaces a `v1` block.
public struct MarkerSyntax: Sendable, Equatable {
    public let opening: String
    public let closing: String

    /// The marker version this Chapeau writes.
    public static let currentVersion = 1

    public func beginLine(_ part: StampPart, flags: [String] = []) -> String {
        let words = ["chapeau:\(part.rawValue)", "v\(Self.currentVersion)", "begin"] + flags
        return "\(opening) \(words.joined(separator: " ")) \(closing)"
    }

    public func endLine(_ part: StampPart) -> String {
        "\(opening) chapeau:\(part.rawValue) v\(Self.currentVersion) end \(closing)"
    }

    /// Reads one line (without its line terminator) as a marker, or nil when it is not one.
    func parse(_ line: Substring) -> Marker? {
        let trimmed = line.trimmingASCIIWhitespace()
        guard trimmed.hasPrefix(opening), trimmed.hasSuffix(closing),
              trimmed.count >= opening.count + closing.count
        else { return nil }
        let inner = trimmed.dropFirst(opening.count).dropLast(closing.count)
        let words = inner.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 3, words[0].hasPrefix("chapeau:"),
              let part = StampPart(rawValue: String(words[0].dropFirst("chapeau:".count))),
              words[1].count >= 2, words[1].first == "v",
              words[1].dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let flags = words.dropFirst(3).map(String.init)
        switch words[2] {
        case "begin": return Marker(part: part, role: .begin, flags: Set(flags))
        case "end" where flags.isEmpty: return Marker(part: part, role: .end, flags: [])
        default: return nil
        }
    }
}

/// A recognised marker line.
struct Marker: Equatable {
    enum Role { case begin, end }
    let part: StampPart
    let role: Role
    let flags: Set<String>

    /// Flag written on a begin marker when stamping had to end the file's last line first.
    static let eofNewlineAdded = "eof-newline-added"
}

extension StringProtocol {
    /// Drops leading and trailing spaces, tabs and carriage returns.
    func trimmingASCIIWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) })
        else { return self[endIndex...] }
        return self[first...last]
    }
}
