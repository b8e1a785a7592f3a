/// ChapeauCore — the pure heart of Chapeau.
///
/// Owns money (Int64 minor units + unit), the unit registry, amount parsing, the
/// day/period/cadence calendar, the ledger's entry values (supporters, gifts, pledges,
/// offers, needs, expenses, voids), the canonical entry encoding and its SHA-256 chain,
/// and the read-only `LedgerSnapshot` that reports are computed from.
///
/// Never: touches files, the clock, the network or a database. Imports only Foundation
/// value types (TimeZone, Calendar, Date) and swift-crypto's SHA-256.
public enum LedgerFormat {
    /// Version of the canonical entry encoding; part of every hashed entry.
    public static let encodingVersion = "chapeau-entry-v1"
}
