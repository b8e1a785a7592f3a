public import ChapeauCore
import ChapeauStore
import Foundation

/// One bad row of an import (or a file that cannot be read as CSV), naming the file, the
/// line and, when the problem is in one field, its column: `gifts.csv:12: column 4 (amount): …`.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// 1-based column number.
    public let column: Int?
    /// The column's name in the header.
    public let columnName: String?
    public let message: String

    public var description: String {
        var where_ = "\(file):\(line):"
        if let column {
            where_ += " column \(column)"
            if let columnName, !columnName.isEmpty { where_ += " (\(columnName))" }
            where_ += ":"
        }
        return "\(where_) \(message)"
    }
}

/// An import refused because of bad rows: every one is listed, and nothing was written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public let file: String
    /// Rows with at least one problem.
    public let badRows: Int
    public let problems: [ImportProblem]

    /// The one `error:` line.
    public var summary: String {
        "\(badRows) bad row\(badRows == 1 ? "" : "s") in \(file): nothing was imported; fix \(badRows == 1 ? "it" : "them") and import again"
    }

    /// The summary, then one indented line per problem (each kept on its line, whatever the
    /// value it quotes).
    public var description: String {
        ([ErrorLine.make(summary)] + problems.map { "  \(ErrorLine.make($0.description))" }).joined(separator: "\n")
    }
}

/// What an import did (or, in a dry run, would do).
public struct ImportSummary: Sendable, Encodable {
    public var file: String
    public var format: String
    public var dryRun: Bool
    /// Data rows read (the header and blank lines aside).
    public var rows = 0
    public var gifts = 0
    public var supporters = 0
    public var pledges = 0
    /// Entries already in the ledger, skipped.
    public var duplicates = 0
    /// Rows that record nothing, by reason (`a debit`, `not paid`…).
    public var ignored: [String: Int] = [:]
    /// The gifts imported, per unit.
    public var totals = Totals()

    enum Key: String, CodingKey {
        case file, format, dryRun = "dry_run", rows, gifts, supporters, pledges, duplicates, ignored, totals
    }

    struct Total: Encodable {
        let unit: String
        let amountMinor: Int64
        let amount: String
        enum CodingKeys: String, CodingKey { case unit, amountMinor = "amount_minor", amount }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(rows, forKey: .rows)
        try c.encode(gifts, forKey: .gifts)
        try c.encode(supporters, forKey: .supporters)
        try c.encode(pledges, forKey: .pledges)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(ignored, forKey: .ignored)
        try c.encode(totals.amounts.map { Total(unit: $0.unit.code, amountMinor: $0.minor, amount: $0.decimalString) }, forKey: .totals)
    }

    /// Human lines: what was (or would be) recorded, skipped and ignored.
    public var lines: [String] {
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var out = [(dryRun ? "Dry run, nothing written: would import " : "Imported ")
                   + "\(n(gifts, "gift")), \(n(supporters, "supporter")), \(n(pledges, "pledge")) from \(file) (\(n(rows, "row")) read)"]
        if !totals.isEmpty { out.append("  gifts: " + totals.amounts.map(\.description).joined(separator: ", ")) }
        if duplicates > 0 { out.append("  skipped \(duplicates) already recorded") }
        if !ignored.isEmpty {
            let total = ignored.values.reduce(0, +)
            out.append("  ignored \(n(total, "row")) recording nothing: "
                       + ignored.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        return out
    }
}

/// How far an import has gone, for a progress line.
public struct ImportProgress: Sendable {
    public let rows: Int
    public let bytesRead: Int64
    public let totalBytes: Int64
}

extension Treasurer {
    /// Imports a CSV file in one transaction: every row or none. Rows already recorded are
    /// skipped and counted; a bad row stops nothing until the end, so that every bad row is
    /// listed, and then nothing is written (`ImportFailure`). A dry run reads, checks and
    /// counts everything the same way, and writes nothing.
    public func importFile(_ path: String, format: ImportFormat, dryRun: Bool,
                           progress: ((ImportProgress) -> Void)? = nil) throws -> ImportSummary {
        var reader = try CSVReader(path: path, delimiter: format.delimiter, encoding: format.encoding)
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        func syntax(_ e: CSVSyntaxError, header: Header?) -> ImportFailure {
            let name = e.field.flatMap { f in header.flatMap { f <= $0.names.count ? $0.names[f - 1] : nil } }
            return ImportFailure(file: path, badRows: 1, problems: [
                ImportProblem(file: path, line: e.line, column: e.field, columnName: name, message: e.message)])
        }

        // The header: the first non-blank record (a bank statement may have lines above it).
        var found: (header: Header, line: Int, mapping: any RowMapping)?
        var firstTry: (header: Header, line: Int, missing: MissingColumns)?
        var searched = 0
        do {
            while found == nil, searched < format.headerSearchDepth, let record = try reader.next() {
                if record.isBlank { continue }
                searched += 1
                let header = Header(record.fields.map { $0.trimmingCharacters(in: .whitespaces) })
                switch format.mapping(for: header) {
                case .success(let m): found = (header, record.line, m)
                case .failure(let missing): if firstTry == nil { firstTry = (header, record.line, missing) }
                }
            }
        } catch let e as CSVSyntaxError {
            throw syntax(e, header: nil)
        }
        guard let found else {
            guard let firstTry else { throw AppError.invalid("\(path) is empty: there is no header line to read") }
            let cols = firstTry.missing.names.map { "'\($0)'" }.joined(separator: ", ")
            var message = "\(path):\(firstTry.line): the header has no column \(cols): this is not \(firstTry.missing.title)"
            // A file split with the wrong delimiter reads as one column: try the other one for the hint.
            var candidates = [firstTry.header]
            if firstTry.header.names.count == 1, let only = firstTry.header.names.first {
                for d: Character in [";", ","] where only.contains(d) {
                    candidates.append(Header(only.split(separator: d, omittingEmptySubsequences: false).map(String.init)))
                }
            }
            if let other = candidates.lazy.compactMap({ format.likelyFormat(for: $0) }).first {
                message += "; it looks like \(other.title): use --format \(other.rawValue)"
            } else if format != .generic, candidates.contains(where: { (try? ImportFormat.generic.mapping(for: $0).get()) != nil }) {
                message += "; it looks like Chapeau's generic CSV: use --format generic"
            }
            throw AppError.invalid(message)
        }

        let header = found.header
        var mapping = found.mapping
        let ctx = RowContext(units: workspace.units, today: today, timeZone: workspace.timeZone)
        let outcome = try store.importBatch(recordedAt: recordedAt) { session -> ((ImportSummary, [ImportProblem], Int), BatchEnd) in
            var summary = ImportSummary(file: path, format: format.rawValue, dryRun: dryRun)
            var problems: [ImportProblem] = []
            var badRows = 0
            while true {
                let record: CSVRecord
                do {
                    guard let r = try reader.next() else { break }
                    record = r
                } catch let e as CSVSyntaxError {
                    // The rest of the file cannot be split into rows reliably: stop here.
                    problems += syntax(e, header: header).problems
                    badRows += 1
                    break
                }
                if record.isBlank { continue }
                summary.rows += 1
                if let progress, summary.rows & 4095 == 0 {
                    progress(ImportProgress(rows: summary.rows, bytesRead: reader.bytesRead, totalBytes: totalBytes))
                }
                var cells = Cells(record, header: header)
                let row = mapping.read(&cells, ctx)
                guard cells.isValid else {
                    badRows += 1
                    problems += cells.problems.map {
                        ImportProblem(file: path, line: record.line, column: $0.column.map { $0 + 1 },
                                      columnName: $0.column.map { header.names[$0] }, message: $0.message)
                    }
                    continue
                }
                if let reason = row.ignored {
                    summary.ignored[reason, default: 0] += 1
                    continue
                }
                do {
                    try Self.apply(row, to: &session, summary: &summary)
                } catch let e as LedgerError {
                    badRows += 1
                    problems.append(ImportProblem(file: path, line: record.line, column: nil, columnName: nil, message: e.description))
                }
            }
            return ((summary, problems, badRows), problems.isEmpty && !dryRun ? .commit : .rollback)
        }
        let (summary, problems, badRows) = outcome
        guard problems.isEmpty else { throw ImportFailure(file: path, badRows: badRows, problems: problems) }
        return summary
    }

    /// Records one row: its supporter (matched or created), its pledge, its gift, each
    /// unless already recorded.
    static func apply(_ row: ImportRow, to session: inout ImportSession, summary: inout ImportSummary) throws {
        var supporter: ID<Supporter>?
        if let s = row.supporter {
            if let id = session.supporter(handle: s.handle) ?? s.email.flatMap({ session.supporter(email: $0) }) {
                supporter = id
            } else {
                supporter = try session.addSupporter(Supporter(handle: s.handle, name: s.name, email: s.email, visibility: s.visibility))
                summary.supporters += 1
            }
        }
        var fulfils: ID<Pledge>?
        if var p = row.pledge {
            p.supporter = supporter
            if let match = try session.recordedPledge(p) {
                summary.duplicates += 1
                if !match.voided { fulfils = match.id }
            } else {
                fulfils = ID<Pledge>(try session.append(.pledge(p)))
                summary.pledges += 1
            }
        }
        if var g = row.gift {
            g.supporter = supporter
            if row.giftFulfilsPledge { g.pledge = fulfils }
            if try session.isRecorded(g) {
                summary.duplicates += 1
            } else {
                try session.append(.gift(g))
                summary.gifts += 1
                try summary.totals.add(g.amount)
            }
        }
    }
}
