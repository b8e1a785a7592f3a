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

/// How to import: the format (detected when nil), and what to do with each class of row.
public struct ImportOptions: Sendable {
    public var format: String?
    public var dryRun: Bool
    /// Record debits classified `expense` as expenses.
    public var expenses: Bool
    /// Keep every row's class for the review (`--dry-run`, `--json`).
    public var review: Bool

    public init(format: String? = nil, dryRun: Bool = false, expenses: Bool = false, review: Bool = false) {
        self.format = format; self.dryRun = dryRun; self.expenses = expenses; self.review = review
    }
}

/// One row of the review: its line in the file, what it is and why.
public struct ImportReviewRow: Sendable, Encodable, Equatable {
    public let line: Int
    public let date: String?
    /// Signed: a debit is negative.
    public let amountMinor: Int64?
    public let unit: String?
    public let result: RowClass
    public let reason: String?
    /// `-45.00`: the amount as a plain decimal.
    public let amount: String?

    enum CodingKeys: String, CodingKey { case line, date, amountMinor = "amount_minor", unit, result = "class", reason }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line)
        try c.encode(date, forKey: .date)
        try c.encode(amountMinor, forKey: .amountMinor)
        try c.encode(unit, forKey: .unit)
        try c.encode(result.rawValue, forKey: .result)
        try c.encode(reason, forKey: .reason)
    }

    /// `  12  2026-11-03    -45.00 EUR  payout    a PayPal payout…`
    public var text: String {
        let amount = [self.amount, unit].compactMap { $0 }.joined(separator: " ")
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            s.count >= n ? s : (left ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
        }
        return "  " + pad(String(line), 6, left: true) + "  " + pad(date ?? "", 10) + "  " + pad(amount, 16, left: true) + "  "
            + pad(result.rawValue, 9) + (reason.map { "  " + $0 } ?? "")
    }
}

/// What an import did (or, in a dry run, would do) with one file.
public struct ImportSummary: Sendable, Encodable {
    public var file: String
    public var format: String
    public var dryRun: Bool
    /// Data rows read (the header and blank lines aside).
    public var rows = 0
    public var gifts = 0
    public var supporters = 0
    public var pledges = 0
    /// Pledges ended because the platform says the patron left or the payment lapsed.
    public var pledgesEnded = 0
    /// Entries already in the ledger, skipped.
    public var duplicates = 0
    /// Gifts voided because the file refunds them.
    public var voided = 0
    /// Expenses recorded (`--expenses`).
    public var expensesRecorded = 0
    /// Rows that record nothing, by reason (`a debit`, `not paid`…).
    public var ignored: [String: Int] = [:]
    /// Rows per class.
    public var classes: [RowClass: Int] = [:]
    /// The gifts imported, per unit.
    public var totals = Totals()
    /// Every row, when the review was asked for.
    public var review: [ImportReviewRow] = []

    public init(file: String, format: String, dryRun: Bool) {
        self.file = file; self.format = format; self.dryRun = dryRun
    }

    enum Key: String, CodingKey {
        case file, format, dryRun = "dry_run", rows, gifts, supporters, pledges, pledgesEnded = "pledges_ended", duplicates,
             voided, expenses = "expenses_recorded", classes, ignored, totals, review = "rows_review"
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
        try c.encode(pledgesEnded, forKey: .pledgesEnded)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(voided, forKey: .voided)
        try c.encode(expensesRecorded, forKey: .expenses)
        try c.encode(Dictionary(uniqueKeysWithValues: RowClass.allCases.map { ($0.rawValue, classes[$0] ?? 0) }), forKey: .classes)
        try c.encode(ignored, forKey: .ignored)
        try c.encode(totals.amounts.map { Total(unit: $0.unit.code, amountMinor: $0.minor, amount: $0.decimalString) }, forKey: .totals)
        if !review.isEmpty { try c.encode(review, forKey: .review) }
    }

    /// The one summary line: what was (or would be) recorded, the gifts per unit, and the
    /// count of every other class.
    public var line: String {
        func n(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
            "\(count) \(count == 1 ? word : plural ?? word + "s")"
        }
        var out = (dryRun ? "Dry run, nothing written: would import " : "Imported ")
            + "\(n(gifts, "gift")), \(n(supporters, "supporter")), \(n(pledges, "pledge")) from \(file) (\(format), \(n(rows, "row")) read)"
        if !totals.isEmpty { out += "; gifts: " + totals.amounts.map(\.description).joined(separator: ", ") }
        var others: [String] = []
        for c in RowClass.allCases where c != .gift {
            let count = classes[c] ?? 0
            guard count > 0 else { continue }
            switch c {
            case .refund: others.append(n(count, "refund") + (voided > 0 ? " (\(n(voided, "gift")) voided)" : ""))
            case .expense:
                others.append(n(count, "expense") + (expensesRecorded > 0 ? " recorded"
                    : dryRun ? "" : " not recorded (add --expenses)"))
            case .duplicate: others.append(n(count, "already recorded", "already recorded"))
            case .ignored:
                let reasons = ignored.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                others.append("\(count) ignored" + (reasons.isEmpty ? "" : " (\(reasons))"))
            default: others.append(n(count, c.rawValue))
            }
        }
        if pledgesEnded > 0 { others.append("\(n(pledgesEnded, "pledge")) ended") }
        if !others.isEmpty { out += "; " + others.joined(separator: ", ") }
        return out
    }

    public var lines: [String] { [line] }

    mutating func count(_ c: RowClass, reason: String?, line: Int, day: Day?, amount: Money?, keep: Bool) {
        classes[c, default: 0] += 1
        if c == .ignored { ignored[reason ?? "nothing to record", default: 0] += 1 }
        if keep {
            review.append(ImportReviewRow(line: line, date: day?.description, amountMinor: amount?.minor, unit: amount?.unit.code,
                                          result: c, reason: reason, amount: amount?.decimalString))
        }
    }
}

/// How far an import has gone, for a progress line.
public struct ImportProgress: Sendable {
    public let rows: Int
    public let bytesRead: Int64
    public let totalBytes: Int64
}

extension Treasurer {
    /// The formats this workspace reads: the built-in ones and `Config/import/*.toml`.
    public func importCatalogue() throws -> ImportCatalogue {
        try ImportCatalogue(userProfilesIn: workspace.resolve("Config/import"))
    }

    /// Imports one file in a format of the code (tests and the benchmark).
    public func importFile(_ path: String, format: ImportFormat, dryRun: Bool,
                           progress: ((ImportProgress) -> Void)? = nil) throws -> ImportSummary {
        try importFiles([path], options: ImportOptions(format: format.rawValue, dryRun: dryRun), progress: progress)[0]
    }

    /// Imports files in one transaction: every row of every file, or none. Each row is
    /// classified; gifts are recorded (those already recorded skipped and counted), refunds
    /// void the gifts they give back, expenses are recorded with `expenses`. A bad row stops
    /// nothing until the end of its file, so that every bad row is listed, and then nothing is
    /// written (`ImportFailure`). A dry run reads, checks and counts everything the same way,
    /// and writes nothing.
    public func importFiles(_ paths: [String], options: ImportOptions,
                            progress: ((ImportProgress) -> Void)? = nil) throws -> [ImportSummary] {
        let catalogue = try importCatalogue()
        var chosen: [(path: String, layouts: [ImportCatalogue.Format], separator: UInt8?)] = []
        for path in paths {
            let prefix = try Self.prefix(of: path)
            if let name = options.format {
                let layouts = catalogue.layouts(named: name)
                guard !layouts.isEmpty else {
                    throw AppError.usage("--format '\(name)' is not a format Chapeau reads: \(catalogue.names.joined(separator: ", ")) "
                                         + "(see 'chapeau import formats')")
                }
                chosen.append((path, layouts, nil))
            } else {
                let d = try catalogue.detect(path: path, prefix: prefix)
                chosen.append((path, [d.format], d.separator))
            }
        }
        var ctx = RowContext(units: workspace.units, today: today, timeZone: workspace.timeZone)
        ctx.liberapayUsername = workspace.config.imports.liberapayUsername
        ctx.classifier.userRules = workspace.config.imports.rules
        for own in workspace.config.imports.ownAccounts {
            if IBAN.looksLikeIBAN(own) { ctx.classifier.ownIBANs.insert(IBAN.normalise(own)) }
            else { ctx.classifier.ownLabels.append(TextKey.make(own)) }
        }
        if chosen.contains(where: { $0.layouts.contains { $0.kind == "bank" } }) {
            for (id, _) in try store.handles() {
                ctx.classifier.paymentReferences[CreditorReference.forSupporter(number: id.number)] = id
            }
        }
        let keepReview = options.review
        let outcome = try store.importBatch(recordedAt: recordedAt) { session -> (([ImportSummary], [ImportProblem], Int), BatchEnd) in
            var summaries: [ImportSummary] = []
            var problems: [ImportProblem] = []
            var badRows = 0
            for (path, layouts, separator) in chosen {
                let format = layouts[0]
                var run = FileRun(path: path, format: format, options: options, keepReview: keepReview, today: ctx.today,
                                  catalogue: catalogue)
                switch format.reader {
                case .ofx, .camt053:
                    try run.statement(ctx, &session)
                case .code, .profile:
                    let csvLayouts = layouts.compactMap { l -> FileRun.CSVLayout? in
                        switch l.reader {
                        case .code(let c): return FileRun.CSVLayout(profile: nil, code: c)
                        case .profile(let p): return FileRun.CSVLayout(profile: p, code: nil)
                        case .ofx, .camt053: return nil
                        }
                    }
                    try run.csv(csvLayouts, separator: separator, ctx, &session, progress: progress)
                }
                summaries.append(run.summary)
                problems += run.problems
                badRows += run.badRows
            }
            return ((summaries, problems, badRows), problems.isEmpty && !options.dryRun ? .commit : .rollback)
        }
        let (summaries, problems, badRows) = outcome
        guard problems.isEmpty else {
            throw ImportFailure(file: Set(problems.map(\.file)).sorted().joined(separator: ", "), badRows: badRows, problems: problems)
        }
        return summaries
    }

    /// The first bytes of a file, for detection; a clear error when it cannot be read.
    static func prefix(of path: String) throws -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw AppError.io("cannot read \(path): no such file") }
        guard !isDir.boolValue else { throw AppError.io("\(path) is a folder: give a file") }
        guard let h = FileHandle(forReadingAtPath: path) else { throw AppError.io("cannot read \(path): permission denied") }
        defer { try? h.close() }
        let data: Data? = (try? h.read(upToCount: ImportCatalogue.prefixSize)) ?? nil
        return [UInt8](data ?? Data())
    }
}

/// One file's pass inside the import's transaction.
struct FileRun {
    let path: String
    let format: ImportCatalogue.Format
    let options: ImportOptions
    let keepReview: Bool
    let catalogue: ImportCatalogue
    var summary: ImportSummary
    var problems: [ImportProblem] = []
    var badRows = 0
    /// References of payments refunded by a row read before them (exports newest first).
    var refundedLater: Set<String> = []
    /// Gifts this file recorded, by reference: their amount and their row of the review.
    var recordedHere: [String: (amount: Money, review: Int?)] = [:]
    let today: Day

    init(path: String, format: ImportCatalogue.Format, options: ImportOptions, keepReview: Bool, today: Day, catalogue: ImportCatalogue) {
        self.path = path; self.format = format; self.options = options; self.keepReview = keepReview; self.today = today
        self.catalogue = catalogue
        summary = ImportSummary(file: path, format: format.name, dryRun: options.dryRun)
    }

    // MARK: CSV

    /// One way a CSV file may be laid out: a profile, or a format read by code.
    struct CSVLayout {
        let profile: ImportProfile?
        let code: ImportFormat?
        var title: String { profile?.title ?? code?.title ?? "" }
        var separators: [UInt8] {
            if let code { return [code.delimiter] }
            return profile?.separator.map { [$0] } ?? [0x3B, 0x2C, 0x09]
        }
        var encoding: CSVTextEncoding { profile?.encoding ?? code?.encoding ?? .utf8 }
        var depth: Int { max(profile?.headerSearch ?? code?.headerSearchDepth ?? 1, 1) }

        func mapping(_ header: Header, _ ctx: RowContext) -> Result<any RowMapping, MissingColumns> {
            if let profile {
                return ProfileMapping.make(profile, header: header, userRules: ctx.classifier.userRules).map { $0 as any RowMapping }
            }
            if let code { return code.mapping(for: header) }
            return .failure(MissingColumns(names: [], title: title))
        }
    }

    mutating func csv(_ layouts: [CSVLayout], separator: UInt8?, _ ctx: RowContext, _ session: inout ImportSession,
                      progress: ((ImportProgress) -> Void)?) throws {
        let title = layouts.count == 1 ? layouts[0].title : format.title
        // The header: the first record that has a layout's columns within its depth; a file
        // without a header starts after the lines its profile skips.
        var found: (header: Header, line: Int, mapping: any RowMapping, separator: UInt8, encoding: CSVTextEncoding)?
        var closest: (header: Header, line: Int, missing: MissingColumns, score: Int)?
        search: for layout in layouts {
            for sep in separator.map({ [$0] }) ?? layout.separators {
                var reader = try CSVReader(path: path, delimiter: sep, encoding: layout.encoding)
                if let p = layout.profile, !p.hasHeader {
                    let header = p.positionalHeader
                    if case .success(let m) = layout.mapping(header, ctx) { found = (header, p.skip, m, sep, layout.encoding) }
                    break search
                }
                var searched = 0
                do {
                    while searched < layout.depth, let record = try reader.next() {
                        if record.isBlank { continue }
                        searched += 1
                        let header = Header(record.fields.map { $0.trimmingCharacters(in: .whitespaces) })
                        switch layout.mapping(header, ctx) {
                        case .success(let m):
                            found = (header, record.line, m, sep, layout.encoding)
                            break search
                        case .failure(let missing):
                            // The split that makes the most columns is the file's separator.
                            let score = header.names.count * 100 - missing.names.count
                            if closest.map({ score > $0.score }) ?? true { closest = (header, record.line, missing, score) }
                        }
                    }
                } catch let e as CSVSyntaxError {
                    if layout.separators.count == 1 && layouts.count == 1 && closest == nil { throw syntax(e, header: nil) }
                }
            }
        }
        guard let found else {
            guard let closest else { throw AppError.invalid("\(path) is empty: there is no header line to read") }
            let cols = closest.missing.names.map { "'\($0)'" }.joined(separator: ", ")
            var message = "\(path):\(closest.line): the header has no column \(cols): this is not \(title)"
            let shown = closest.header.names.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
            message += "; line \(closest.line), taken for the header, has the columns \(shown)\(closest.header.names.count > 12 ? ", …" : "")"
            if let prefix = try? Treasurer.prefix(of: path), let other = try? catalogue.detect(path: path, prefix: prefix),
               other.format.name != format.name {
                message += "; it looks like \(other.format.title): use --format \(other.format.name)"
            }
            throw AppError.invalid(message)
        }
        var reader = try CSVReader(path: path, delimiter: found.separator, encoding: found.encoding)
        // Skip to the header (or past the lines a file without one skips).
        while found.line > 0, let r = try? reader.next(), r.line < found.line {}
        let header = found.header
        let headerKey = header.names.map(Header.normalise)
        var mapping = found.mapping
        let profileMapping = mapping as? ProfileMapping
        let positional = profileMapping.map { !$0.profile.hasHeader } ?? false
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        var inSection = true
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
            if record.isBlank {
                if profileMapping != nil && !positional { inSection = false }
                continue
            }
            if let profileMapping {
                // Several accounts in one file: a balance line or a blank line ends a section;
                // lines until the header comes again (the next account's title) are not rows.
                // Without a header, a line shorter than the columns named (a balance) is not a row.
                if positional {
                    if record.fields.count < header.names.count { continue }
                } else if record.fields.map(Header.normalise) == headerKey {
                    inSection = true
                    continue
                }
                if profileMapping.isStop(record) { inSection = false; continue }
                if !inSection { continue }
            }
            summary.rows += 1
            if let progress, summary.rows & 4095 == 0 {
                progress(ImportProgress(rows: summary.rows, bytesRead: reader.bytesRead, totalBytes: totalBytes))
            }
            // Without a header, the columns after the last one named are not read.
            let cells0 = positional && record.fields.count > header.names.count
                ? CSVRecord(line: record.line, fields: Array(record.fields.prefix(header.names.count))) : record
            var cells = Cells(cells0, header: header)
            let row = mapping.read(&cells, ctx)
            guard cells.isValid else {
                badRows += 1
                problems += cells.problems.map {
                    ImportProblem(file: path, line: record.line, column: $0.column.map { $0 + 1 },
                                  columnName: $0.column.map { positional ? nil : header.names[$0] } ?? nil, message: $0.message)
                }
                continue
            }
            do {
                try take(row, line: record.line, &session)
            } catch let e as LedgerError {
                badRows += 1
                problems.append(ImportProblem(file: path, line: record.line, column: nil, columnName: nil, message: e.description))
            }
        }
    }

    func syntax(_ e: CSVSyntaxError, header: Header?) -> ImportFailure {
        let name = e.field.flatMap { f in header.flatMap { f <= $0.names.count ? $0.names[f - 1] : nil } }
        return ImportFailure(file: path, badRows: 1, problems: [
            ImportProblem(file: path, line: e.line, column: e.field, columnName: name, message: e.message)])
    }

    // MARK: statements

    mutating func statement(_ ctx: RowContext, _ session: inout ImportSession) throws {
        let bytes = try Self.readBytes(path)
        let lines: [StatementLine]
        do {
            lines = format.reader == .ofx ? try OFXReader.read(bytes) : try Camt053Reader.read(bytes)
        } catch {
            throw ImportFailure(file: path, badRows: 1, problems: [ImportProblem(file: path, line: error.line, column: nil, columnName: nil,
                                                                                 message: error.message)])
        }
        let profile = StatementProfile.profile(format.name, title: format.title)
        for s in lines {
            summary.rows += 1
            let m: Movement
            switch StatementProfile.movement(s, channel: "bank", prefix: format.name, ctx) {
            case .success(let movement): m = movement
            case .failure(let problem):
                badRows += 1
                problems.append(ImportProblem(file: path, line: s.line, column: nil, columnName: nil, message: problem.message))
                continue
            }
            let row = ImportRow.classified(m, profile: profile, ctx)
            do {
                try take(row, line: s.line, &session)
            } catch let e as LedgerError {
                badRows += 1
                problems.append(ImportProblem(file: path, line: s.line, column: nil, columnName: nil, message: e.description))
            }
        }
    }

    /// A whole file as bytes, read straight into one array (no second copy through `Data`:
    /// a statement of 100k entries is some 50 MB).
    static func readBytes(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw AppError.io("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AppError.io("cannot read \(path): \(String(cString: strerror(errno)))") }
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw AppError.io("cannot read \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            filled += n
        }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }

    // MARK: recording one row

    /// Records what one row asks for and counts it under its class.
    mutating func take(_ row: ImportRow, line: Int, _ session: inout ImportSession) throws {
        var result = row.effectiveClass
        var reason = row.effectiveReason
        let day = row.day ?? row.gift?.day
        let amount = row.signed ?? row.gift?.amount
        defer { summary.count(result, reason: reason, line: line, day: day, amount: amount, keep: keepReview) }
        switch result {
        case .gift:
            if let ref = row.gift?.reference, refundedLater.contains(ref) {
                result = .refund
                reason = "refunded by a row above in this file"
                return
            }
            if try !apply(row, &session) { result = .duplicate; reason = "already in the ledger" }
            else if let g = row.gift, let ref = g.reference {
                recordedHere[ref] = (g.amount, keepReview ? summary.review.count : nil)
            }
        case .refund:
            guard let target = row.refundOf else { return }
            if let g = try session.gift(reference: target) {
                if g.voided { reason = (reason ?? "a refund") + " (\(g.id) already voided)"; return }
                try session.append(.void(Correction(target: g.id.ref, reason: "refunded: \(target)", day: row.day ?? today)))
                summary.voided += 1
                reason = (reason ?? "a refund") + " (voids \(g.id))"
                // A gift this import recorded a few rows above is no gift after all: count it as refunded.
                if let earlier = recordedHere[target] {
                    summary.gifts -= 1
                    summary.classes[.gift, default: 1] -= 1
                    summary.classes[.refund, default: 0] += 1
                    try? summary.totals.add(Money(minor: -earlier.amount.minor, unit: earlier.amount.unit))
                    if let i = earlier.review, i < summary.review.count {
                        let old = summary.review[i]
                        summary.review[i] = ImportReviewRow(line: old.line, date: old.date, amountMinor: old.amountMinor, unit: old.unit,
                                                            result: .refund, reason: "refunded by line \(line)", amount: old.amount)
                    }
                }
            } else {
                refundedLater.insert(target)
            }
        case .expense:
            guard options.expenses, let e = row.expense else { return }
            if try session.isRecordedExpense(e) {
                result = .duplicate; reason = "expense already in the ledger"; summary.duplicates += 1
                return
            }
            try session.append(.expense(e))
            summary.expensesRecorded += 1
        case .ignored where row.pledge != nil || row.supporter != nil || row.pledgeEndsOn != nil:
            if try !apply(row, &session), row.pledge != nil { result = .duplicate; reason = "pledge already in the ledger" }
        case .payout, .transfer, .ignored, .duplicate:
            break
        }
    }

    /// Records a row's supporter (matched or created), its pledge, its gift, each unless
    /// already recorded; ends the supporter's platform pledges when the platform says so.
    /// Whether anything new was recorded (entries already recorded count as duplicates).
    mutating func apply(_ row: ImportRow, _ session: inout ImportSession) throws -> Bool {
        var supporter: ID<Supporter>? = row.payer
        if supporter == nil, let s = row.supporter {
            if let id = session.supporter(handle: s.handle) ?? s.email.flatMap({ session.supporter(email: $0) }) {
                supporter = id
            } else if row.gift == nil && row.pledge == nil {
                // Only a pledge to end: a supporter not in the ledger has none.
                return false
            } else {
                supporter = try session.addSupporter(Supporter(handle: s.handle, name: s.name, email: s.email, visibility: s.visibility))
                summary.supporters += 1
            }
        }
        if let end = row.pledgeEndsOn, let supporter {
            for p in try session.livePledges(supporter: supporter, channel: row.pledgeChannel ?? row.pledge?.channel ?? row.gift?.channel) {
                // A pledge that starts after the lapse ends on its first day.
                let day = Day(iso: p.start).map { max($0, end) } ?? end
                try session.append(.pledgeEnd(PledgeEnd(pledge: p.id, day: day)))
                summary.pledgesEnded += 1
            }
        }
        var fulfils: ID<Pledge>?
        var newPledge = false
        if var p = row.pledge {
            p.supporter = supporter
            if let match = try session.recordedPledge(p) {
                if !match.voided { fulfils = match.id }
                summary.duplicates += 1
            } else {
                fulfils = ID<Pledge>(try session.append(.pledge(p)))
                summary.pledges += 1
                newPledge = true
            }
        }
        guard var g = row.gift else { return newPledge || row.pledge == nil }
        g.supporter = supporter
        if row.giftFulfilsPledge { g.pledge = fulfils }
        if g.pledge == nil, let supporter {
            // A payment through a platform fulfils the supporter's pledge through it; a bank
            // transfer with a supporter's reference, the pledge whose instalment it matches.
            let live = try session.livePledges(supporter: supporter, channel: row.payer == nil ? g.channel : nil)
            g.pledge = live.first { $0.unit == g.amount.unit.code && (row.payer == nil || $0.amount == g.amount.minor) }?.id
        }
        if try session.isRecorded(g) { summary.duplicates += 1; return newPledge }
        if let other = row.alsoKnownAs, try session.gift(reference: other) != nil { summary.duplicates += 1; return newPledge }
        try session.append(.gift(g))
        summary.gifts += 1
        try summary.totals.add(g.amount)
        return true
    }
}
