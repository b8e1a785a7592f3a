enum OFXReader {
    static func looksLike(_ prefix: [UInt8]) -> Bool { false }
    static func read(_ data: [UInt8]) throws(StatementError) -> [StatementLine] { throw StatementError(line: 1, message: "pending") }
}
enum Camt053Reader {
    static func looksLike(_ prefix: [UInt8]) -> Bool { false }
    static func read(_ data: [UInt8]) throws(StatementError) -> [StatementLine] { throw StatementError(line: 1, message: "pending") }
}
