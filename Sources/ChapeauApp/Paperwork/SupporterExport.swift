import ChapeauCore
import ChapeauStore
import Foundation

/// `supporter export HANDLE --output FILE.zip`: a copy of everything the ledger holds about one
/// supporter, and nothing about anyone else, in machine-readable form (GDPR, art. 15 and 20).
public struct SupporterExportResult: Sendable, Encodable {
    public let path: String
    public let entries: Int
    public var line: String { "\(path)  (\(entries) entries)" }
}

extension Treasurer {
    public func exportSupporter(_ who: String, output: String) throws -> SupporterExportResult {
        guard output.lowercased().hasSuffix(".zip") else {
            throw AppError.usage("--output '\(output)' should name a .zip file")
        }
        let path = try PaperFiles.file(output, workspace: workspace)
        let card = try supporterCard(who)
        let (id, _) = try storedSupporter(who)
        let entries = try store.entries(of: id)
        let links = try store.chainLinks(entries.map(\.ref))
        let handles = try store.handles()

        // The keyed pseudonym under which they appear in the public ledger.
        let hex = try store.metaValue(PseudonymKey.metaKey, creatingWith: PseudonymKey.fresh)
        guard let key = PseudonymKey.bytes(hex) else {
            throw AppError.io("the pseudonym key in the ledger (\(PseudonymKey.metaKey)) is damaged: restore the ledger from a backup")
        }
        var rows = PublicRows(key: key)
        let pseudonym = rows.pseudonym(id) ?? ""

        var person: [String: Any] = [
            "id": card.id, "visibility": card.visibility, "erased": card.erased,
            "public_pseudonym": pseudonym, "exported_on": today.description,
        ]
        for (k, v) in [("handle", card.handle), ("name", card.name), ("email", card.email), ("address", card.address),
                       ("payment_reference", card.paymentReference), ("erased_on", card.erasedOn)] {
            person[k] = v ?? NSNull()
        }

        var lines: [[String: Any]] = []
        let encoder = JSONEncoder()
        for e in entries {
            let view = EntryView(e, handles: handles)
            guard var object = try JSONSerialization.jsonObject(with: encoder.encode(view)) as? [String: Any] else { continue }
            object["entry_number"] = links[e.ref].map { Int($0.seq) } ?? NSNull()
            object["hash"] = links[e.ref]?.hash ?? NSNull()
            lines.append(object)
        }
        func json(_ o: Any) throws -> Data {
            try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])
        }
        var jsonl = Data()
        for l in lines { jsonl.append(try json(l)); jsonl.append(0x0A) }
        let columns = ["entry_number", "id", "kind", "date", "amount", "unit", "supporter", "voided", "hash", "details"]
        let fixed = Set(columns + ["amount_minor", "recorded_at"])
        let csvRows: [[String]] = lines.map { l in
            let details = l.keys.filter { !fixed.contains($0) }.sorted().compactMap { k -> String? in
                guard let v = l[k], !(v is NSNull) else { return nil }
                return "\(k)=\(v)"
            }.joined(separator: "; ")
            return columns.dropLast().map { k in
                switch l[k] {
                case let s as String: return s
                case let b as Bool: return b ? "true" : "false"
                case let n as NSNumber: return n.stringValue
                default: return ""
                }
            } + [details]
        }
        let readme = """
            Chapeau — the data of one supporter (\(card.handle ?? card.id)), exported on \(today).

            supporter.json  their personal data (handle, name, e-mail, postal address), visibility,
                            payment reference, and public_pseudonym: the name under which their
                            entries appear in the public ledger.
            entries.csv     every entry of the ledger about them (gifts, pledges, offers, voids,
            entries.jsonl   receipts…), each with its entry number in the journal and its hash.

            To find these entries in the public ledger ('chapeau export --public'), look for the
            rows whose supporter is \(pseudonym): their ids (g-12, p-3…) are the ones listed here.
            Each hash links an entry to the one before it (SHA-256 over a canonical encoding);
            'chapeau verify' recomputes the whole chain. Nothing about any other supporter is here.

            """
        var zip = ZipArchive(year: today.year, month: today.month, day: today.day)
        zip.add("supporter.json", try json(person))
        zip.add("entries.csv", PaperFiles.csv(columns, csvRows))
        zip.add("entries.jsonl", jsonl)
        zip.add("README.txt", Data(readme.utf8))
        try AtomicFile.write(zip.bytes(), to: path, mode: 0o600)
        return SupporterExportResult(path: path, entries: lines.count)
    }
}
