/// What can go wrong in this module, each with a sentence for humans: what, where, how to fix.
///
/// `description` speaks of "the text"; `message(for:)` names the file instead, for the CLI.
public enum FooterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A begin marker is never closed (or another begin comes first).
    case unclosedBlock(part: StampPart, line: Int)
    /// An end marker has no begin marker before it.
    case unopenedBlock(part: StampPart, line: Int)
    /// The same part is stamped more than once.
    case duplicateBlock(part: StampPart, firstLine: Int, secondLine: Int)
    /// A Mustache template does not parse.
    case invalidTemplate(name: String, line: Int, column: Int, reason: String)

    public var description: String { message(for: "the text") }

    /// The message with `subject` (e.g. a file path) as the sentence's subject.
    public func message(for subject: String) -> String {
        switch self {
        case let .unclosedBlock(part, line):
            "\(subject) has a chapeau:\(part.rawValue) begin marker at line \(line) but no end marker; "
                + "fix or remove it by hand"
        case let .unopenedBlock(part, line):
            "\(subject) has a chapeau:\(part.rawValue) end marker at line \(line) but no begin marker "
                + "before it; fix or remove it by hand"
        case let .duplicateBlock(part, first, second):
            "\(subject) has two chapeau:\(part.rawValue) blocks, at lines \(first) and \(second); "
                + "keep one and remove the other by hand"
        case let .invalidTemplate(name, line, column, reason):
            "footer template \(name) is not valid Mustache at line \(line), column \(column) (\(reason)); "
                + "fix the template"
        }
    }
}
