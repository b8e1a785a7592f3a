// chapeau-bench: deterministic data for `make bench` (Tests/Bench/bench.py). Not part of the
// `chapeau` CLI. The same seed gives the same bytes (the ledger's per-entry salts aside).
import Foundation

let usage = """
    usage: chapeau-bench ledger   --gifts N [--seed S] --out DIR [--batch 50000]
           chapeau-bench csv      --gifts N [--seed S] --out FILE
           chapeau-bench statement --rows N [--seed S] [--ofx FILE] [--camt FILE] [--csv FILE]
           chapeau-bench articles [--count-md 10000] [--count-html 2000] [--seed S] --out DIR
    """

struct UsageError: Error, CustomStringConvertible {
    let description: String
}

/// `--key value` pairs after the subcommand.
struct Options {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let key = rest.popFirst() {
            guard key.hasPrefix("--"), let value = rest.popFirst() else { throw UsageError(description: "unexpected '\(key)'") }
            values[String(key.dropFirst(2))] = value
        }
    }

    func int(_ key: String, _ fallback: Int? = nil) throws -> Int {
        if let v = values[key] {
            guard let n = Int(v.replacingOccurrences(of: "_", with: "")), n >= 0 else {
                throw UsageError(description: "--\(key) wants a whole number, not '\(v)'")
            }
            return n
        }
        guard let fallback else { throw UsageError(description: "--\(key) is required") }
        return fallback
    }

    func string(_ key: String) throws -> String {
        guard let v = values[key] else { throw UsageError(description: "--\(key) is required") }
        return v
    }
}

func run(_ arguments: [String]) throws -> String {
    guard let command = arguments.first else { throw UsageError(description: "a subcommand is required") }
    let options = try Options(arguments.dropFirst())
    let seed = UInt64(try options.int("seed", 42))
    if command == "statement" {
        let data = StatementData(rows: try options.int("rows"), seed: seed)
        let outputs = [("ofx", data.writeOFX), ("camt", data.writeCamt), ("csv", data.writeCSV)]
        guard outputs.contains(where: { options.values[$0.0] != nil }) else {
            throw UsageError(description: "statement wants at least one of --ofx, --camt, --csv")
        }
        for (key, write) in outputs { if let path = options.values[key] { try write(path) } }
        let counts = data.intendedCounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "statement: \(data.rows.count) rows; intended \(counts)"
    }
    let out = try options.string("out")
    switch command {
    case "ledger":
        let data = Dataset(gifts: try options.int("gifts"), seed: seed)
        try LedgerOutput.write(data, to: out, batch: max(1, try options.int("batch", 50_000)))
        return "ledger: \(data.gifts.count) gifts, \(data.supporters.count) supporters, \(data.pledges.count) pledges, \(data.needs.count) needs in \(out)"
    case "csv":
        let data = Dataset(gifts: try options.int("gifts"), seed: seed)
        try CSVOutput.write(data, to: out)
        return "csv: \(data.gifts.count) gifts in \(out)"
    case "articles":
        let md = try options.int("count-md", 10_000), html = try options.int("count-html", 2_000)
        try ArticlesOutput.write(markdown: md, html: html, seed: seed, to: out)
        return "articles: \(md) Markdown and \(html) HTML in \(out)"
    default:
        throw UsageError(description: "unknown subcommand '\(command)'")
    }
}

do {
    print(try run(Array(CommandLine.arguments.dropFirst())))
} catch let e as UsageError {
    FileHandle.standardError.write(Data("chapeau-bench: \(e.description)\n\(usage)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("chapeau-bench: \(error)\n".utf8))
    exit(1)
}
