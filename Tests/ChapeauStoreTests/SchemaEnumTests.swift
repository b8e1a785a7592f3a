import Foundation
import GRDB
import Testing
@testable import ChapeauCore
@testable import ChapeauStore

/// The journal's CHECKs list the values of the entry enums as literal text, frozen in the
/// migrations. A case added to an enum is refused by a ledger until a NEW migration rebuilds the
/// table with it: this suite says so, instead of the first user who records one.
@Suite("The current schema and the entry enums")
struct SchemaEnumTests {
    /// Each column whose CHECK lists an enum's values, with that enum's values today.
    static let columns: [(column: String, type: String, values: [String])] = [
        ("type", "EntryType", EntryType.allCases.map(\.rawValue)),
        ("every", "Recurrence", Recurrence.allCases.map(\.rawValue)),
        ("kind", "OfferKind", OfferKind.allCases.map(\.rawValue)),
        ("status", "OfferStatus", OfferStatus.allCases.map(\.rawValue)),
        ("visibility", "Visibility", Visibility.allCases.map(\.rawValue)),
    ]

    /// Inserts, straight into the journal of a fresh ledger, a row that every other rule accepts
    /// (all the columns some type requires are filled), with `column` set to `value`.
    static func insert(_ q: DatabaseQueue, _ n: Int, _ column: String, _ value: String) throws {
        var values: [String: (any DatabaseValueConvertible)?] = [
            "id": "probe-\(n)", "type": EntryType.gift.rawValue, "number": 1000 + n, "recorded_at": "2026-01-01T00:00:00Z",
            "day": "2026-01-01", "amount_minor": 1, "unit": "EUR", "supporter": "s-1", "link": "s-1",
            "every": Recurrence.month.rawValue, "kind": OfferKind.time.rawValue, "status": OfferStatus.offered.rawValue,
            "visibility": Visibility.public.rawValue, "campaign": "probe", "reference": "probe",
            "prev_hash": String(repeating: "0", count: 64), "hash": String(format: "%064d", 1000 + n),
        ]
        values[column] = value
        let names = values.keys.sorted()
        try q.write { db in
            try db.execute(sql: "INSERT INTO entry (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))",
                           arguments: StatementArguments(names.map { values[$0]! }))
        }
    }

    @Test("Every value of EntryType, Recurrence, OfferKind, OfferStatus and Visibility passes the current CHECKs")
    func everyEnumValueIsAccepted() throws {
        let l = try TempLedger()
        try l.add(.supporter(Supporter(handle: "marie")))
        let q = try DatabaseQueue(path: l.path)
        defer { try? q.close() }
        var n = 0
        for (column, type, values) in Self.columns {
            for value in values {
                n += 1
                do {
                    try Self.insert(q, n, column, value)
                } catch {
                    Issue.record("""
                        \(type) has the value '\(value)' but the ledger's schema refuses it in entry.\(column) \
                        (\((error as? DatabaseError)?.message ?? "\(error)")): add a NEW migration that rebuilds \
                        the entry table with it in the CHECK; never edit a shipped migration.
                        """)
                }
            }
            // The probe reaches the CHECK: a value outside the enum is refused.
            n += 1
            #expect(throws: DatabaseError.self, "entry.\(column) accepted a value outside \(type)") {
                try Self.insert(q, n, column, "not-a-\(type)")
            }
        }
    }
}
