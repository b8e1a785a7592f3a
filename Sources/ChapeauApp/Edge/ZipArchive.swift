import Foundation

/// A zip archive of a few small files, stored without compression (method 0), as every unzip
/// tool reads it: local headers, the central directory, the end record (PKWARE APPNOTE 4.3).
/// Names are UTF-8 (general purpose bit 11); dates are the MS-DOS date given.
struct ZipArchive {
    private var data = Data()
    private var central = Data()
    private var count: UInt16 = 0
    let dosTime: UInt16
    let dosDate: UInt16

    /// `year`, `month`, `day`: the date every file carries (the day of the export).
    init(year: Int, month: Int, day: Int) {
        dosTime = 0
        dosDate = UInt16(clamping: ((max(year, 1980) - 1980) << 9) | (month << 5) | day)
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ bytes: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static func le16(_ v: UInt16, _ d: inout Data) { d.append(UInt8(v & 0xFF)); d.append(UInt8(v >> 8)) }
    private static func le32(_ v: UInt32, _ d: inout Data) { for i in 0..<4 { d.append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) } }

    /// Adds a file. Sizes above 4 GiB are not supported (a supporter's data is far below).
    mutating func add(_ name: String, _ content: Data) {
        let nameBytes = Data(name.utf8)
        let crc = Self.crc32(content)
        let size = UInt32(truncatingIfNeeded: content.count)
        let offset = UInt32(truncatingIfNeeded: data.count)
        var local = Data()
        Self.le32(0x0403_4B50, &local); Self.le16(20, &local); Self.le16(0x0800, &local); Self.le16(0, &local)
        Self.le16(dosTime, &local); Self.le16(dosDate, &local); Self.le32(crc, &local); Self.le32(size, &local); Self.le32(size, &local)
        Self.le16(UInt16(nameBytes.count), &local); Self.le16(0, &local)
        data.append(local); data.append(nameBytes); data.append(content)
        var c = Data()
        Self.le32(0x0201_4B50, &c); Self.le16(0x0314, &c); Self.le16(20, &c); Self.le16(0x0800, &c); Self.le16(0, &c)
        Self.le16(dosTime, &c); Self.le16(dosDate, &c); Self.le32(crc, &c); Self.le32(size, &c); Self.le32(size, &c)
        Self.le16(UInt16(nameBytes.count), &c); Self.le16(0, &c); Self.le16(0, &c); Self.le16(0, &c); Self.le16(0, &c)
        // External attributes: a regular file, mode 0600.
        Self.le32(UInt32(0o100600) << 16, &c); Self.le32(offset, &c)
        central.append(c); central.append(nameBytes)
        count += 1
    }

    /// The archive's bytes.
    func bytes() -> Data {
        var out = data
        let offset = UInt32(truncatingIfNeeded: data.count)
        out.append(central)
        var end = Data()
        Self.le32(0x0605_4B50, &end); Self.le16(0, &end); Self.le16(0, &end); Self.le16(count, &end); Self.le16(count, &end)
        Self.le32(UInt32(truncatingIfNeeded: central.count), &end); Self.le32(offset, &end); Self.le16(0, &end)
        out.append(end)
        return out
    }
}
