/// Cells of the CSV files Chapeau writes (RFC 4180), safe to open in a spreadsheet.
enum CSVCell {
    /// First characters that make a spreadsheet run a cell as a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@"]

    /// Whether a spreadsheet would run this text as a formula: it starts with `=`, `+`, `-`
    /// or `@`, possibly behind quotes that an earlier neutralising added.
    static func needsNeutralising(_ text: String) -> Bool {
        guard let first = text.first(where: { $0 != "'" }) else { return false }
        return formulaStarts.contains(first)
    }

    /// `=1+1` → `'=1+1`. A text that already starts with `'` before such a character gets one
    /// more, so that `unneutralise` gives back exactly what was written.
    static func neutralise(_ text: String) -> String {
        needsNeutralising(text) ? "'" + text : text
    }

    /// Undoes `neutralise` on a cell Chapeau wrote.
    static func unneutralise(_ text: String) -> String {
        guard text.first == "'", needsNeutralising(text) else { return text }
        return String(text.dropFirst())
    }

    /// A text cell: neutralised, then quoted when it holds the delimiter, a quote or a line break.
    static func text(_ value: String?, delimiter: Character = ",") -> String {
        guard let value, !value.isEmpty else { return "" }
        return quoted(neutralise(value), delimiter: delimiter)
    }

    /// Quotes a cell when RFC 4180 requires it.
    static func quoted(_ value: String, delimiter: Character = ",") -> String {
        var needs = false
        for b in value.utf8 where b == UInt8(ascii: "\"") || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") || b == delimiter.asciiValue {
            needs = true
            break
        }
        guard needs else { return value }
        var out = "\""
        for c in value {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out + "\""
    }

    /// A record: cells joined by the delimiter, ended by a line feed (readers take LF and CRLF alike).
    static func record(_ cells: [String], delimiter: Character = ",") -> String {
        cells.joined(separator: String(delimiter)) + "\n"
    }
}
