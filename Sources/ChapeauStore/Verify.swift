internal import GRDB
import ChapeauCore

extension LedgerStore {
    /// Recomputes the whole chain and checks every personal record against its digest.
    /// Lists every problem, naming the entry; never stops at the first.
    public func verify() throws -> VerifyReport {
        try read { db in
            var problems: [IntegrityProblem] = []
            func problem(_ entry: String, _ message: String) { problems.append(IntegrityProblem(entry: entry, message: message)) }

            // Personal data, by the entry it belongs to.
            var personal: [Int64: PrivateFields] = [:]
            let prow = try Row.fetchCursor(db, sql: "SELECT seq, salt, handle, name, email, note, address FROM personal")
            while let r = try prow.next() {
                guard let seq: Int64 = r[0] else { continue }
                personal[seq] = PrivateFields(salt: r[1] ?? "", handle: r[2], name: r[3], email: r[4], note: r[5], address: r[6])
            }
            // Who was erased (by their supporter id).
            let erased = Set(try String.fetchAll(db, sql: "SELECT link FROM entry WHERE type = 'erasure'"))

            var previous = Chain.genesis
            var previousName = "the start of the ledger"
            var count = 0
            var lastSeq: Int64 = 0
            var seen: Set<Int64> = []
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Schema.entryColumns), type, number FROM entry ORDER BY seq")
            while let row = try rows.next() {
                count += 1
                let seq: Int64 = row[0] ?? 0
                lastSeq = seq
                seen.insert(seq)
                guard let (_, record, prev, hash) = Schema.record(from: row) else {
                    problem("row \(seq)", "is not a valid entry (its id or date cannot be read): it was written behind chapeau's back")
                    previous = row[24] ?? previous
                    continue
                }
                let name = record.ref.description
                if (row[26] as String?) != record.ref.type.rawValue || (row[27] as Int64?) != record.ref.number {
                    problem(name, "its type or number does not match its id: the row was edited")
                }
                if prev != previous {
                    problem(name, "does not follow \(previousName) in the chain: an entry before it was removed, inserted or reordered")
                }
                if record.chainHash(previous: prev) != hash {
                    problem(name, "was changed after it was recorded: its hash does not match its contents")
                }
                let owner: String? = record.ref.type == .supporter ? name : record.supporter?.description
                switch (record.privateDigest, personal[seq]) {
                case (let digest?, let p?):
                    if p.digest != digest { problem(name, "its personal data was changed after it was recorded") }
                case (_?, nil):
                    if !(owner.map(erased.contains) ?? false) {
                        problem(name, "its personal data is missing, and no erasure was recorded for it")
                    }
                case (nil, _?):
                    problem(name, "has personal data that was never recorded with it")
                case (nil, nil):
                    break
                }
                previous = hash
                previousName = name
            }
            for seq in personal.keys where !seen.contains(seq) {
                problem("row \(seq)", "personal data belongs to no entry: an entry was removed")
            }
            if let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'entry'"), highest > lastSeq {
                problem("after \(previousName)", "\(highest - lastSeq) entr\(highest - lastSeq == 1 ? "y was" : "ies were") removed from the end of the ledger")
            }
            // Entries are numbered 1, 2, 3… without gaps: reports publish the last number as
            // the count of entries, so a gap (a row removed and the chain mended) is named.
            if count != Int(lastSeq), problems.isEmpty {
                problem("the journal", "\(count) entries are numbered up to \(lastSeq): an entry was removed")
            }
            let triggers = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
                  AND name IN ('entry_append_only_update', 'entry_append_only_delete', 'personal_no_update', 'personal_delete_only_erased')
                """) ?? 0
            if triggers != 4 {
                problem("the schema", "the append-only guards were removed: the ledger was opened and edited by hand")
            }
            // The totals kept on append must say what the journal says.
            problems += try Aggregates.check(db)
            return VerifyReport(chain: ChainHead(entries: count, head: previous), problems: problems)
        }
    }
}
