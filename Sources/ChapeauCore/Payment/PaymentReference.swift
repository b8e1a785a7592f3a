/// ISO 11649 structured creditor reference, the "RF reference".
///
/// Electronic form: `RF`, two check digits, then 1 to 21 letters A–Z or digits
/// (25 characters at most). The check digits follow ISO 7064 MOD 97-10, as for
/// IBANs: move the first four characters to the end, replace each letter by
/// 10 (A) … 35 (Z), and the resulting number leaves 1 when divided by 97.
/// On paper the reference is written in groups of four: `RF18 5390 0754 7034`.
///
/// Mod 97 catches every single substitution of a digit by a digit or a letter
/// by a letter, but not every substitution of a letter by a digit (or back),
/// because a letter stands for two digits: `RF754AD4OC3Q85GXEH` and
/// `RF754AD4OC3QI5GXEH` are both valid.
public enum CreditorReference {
    static let maxBodyLength = 21

    /// Builds a reference whose body is the letters and digits of `text`, in upper
    /// case (everything else is dropped). Returns `nil` when that leaves no
    /// character or more than 21.
    public static func make(from text: String) -> String? {
        let body = String(text.uppercased().filter(ASCII.isAlphanumeric))
        guard (1...maxBodyLength).contains(body.count) else { return nil }
        guard let remainder = Mod97.remainder(of: Array((body + "RF00").utf8)) else { return nil }
        let check = 98 - remainder
        return "RF" + (check < 10 ? "0" : "") + String(check) + body
    }

    /// A stable reference for a supporter: the body is `CHP` followed by the entry
    /// number in upper-case base 36, so supporter 42 gets `RF91CHP16` (printed
    /// `RF91 CHP1 6`). The number is only lightly disguised, not hidden: anyone who
    /// knows the scheme can read it back. A supporter
    /// gives it as the remittance of a bank transfer, and the bank credit is matched to them.
    public static func forSupporter(number: Int64) -> String {
        // Int64.max is 13 base-36 digits, so the body never exceeds 16 characters.
        make(from: "CHP" + String(number.magnitude, radix: 36, uppercase: true)) ?? "RF"
    }

    /// The electronic form: no spaces, upper case.
    public static func normalise(_ text: String) -> String { compact(text) }

    /// Whether `text` is a valid reference. Spaces are ignored and lower case is accepted.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(compact(text).utf8)
        guard (5...4 + maxBodyLength).contains(bytes.count),
              bytes[0] == UInt8(ascii: "R"), bytes[1] == UInt8(ascii: "F"),
              ASCII.isDigit(bytes[2]), ASCII.isDigit(bytes[3])
        else { return false }
        // Check digits computed as 98 − remainder always lie in 02…98.
        let check = Int(bytes[2] - UInt8(ascii: "0")) * 10 + Int(bytes[3] - UInt8(ascii: "0"))
        guard (2...98).contains(check) else { return false }
        return Mod97.remainder(of: bytes[4...] + bytes[0..<4]) == 1
    }

    /// Every valid reference inside a free text such as a bank statement label,
    /// in electronic form, in order of first appearance and without duplicates.
    ///
    /// The search is case-insensitive, skips whitespace inside a reference (as in
    /// `RF18 5390 0754 7034`) and finds references glued to other words
    /// (`DONRF18539007547034MERCI`). When letters or digits follow a reference
    /// the longest valid candidate wins, so a following word can very rarely
    /// (about one time in 97) be taken as part of the reference.
    public static func find(in text: String) -> [String] {
        let scalars = Array(text.uppercased().unicodeScalars)
        var found: [String] = []
        var index = 0
        while index + 1 < scalars.count {
            if scalars[index] == "R", scalars[index + 1] == "F",
               let (reference, end) = longestValid(from: index, in: scalars) {
                if !found.contains(reference) { found.append(reference) }
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// The paper form: electronic form in groups of four separated by spaces.
    public static func printable(_ reference: String) -> String {
        groupedByFour(compact(reference))
    }

    static func compact(_ text: String) -> String {
        String(text.uppercased().filter { $0 != " " })
    }

    /// The longest valid reference made of the letters and digits starting at
    /// `start` (spaces skipped), with the index just after its last character.
    private static func longestValid(from start: Int, in scalars: [Unicode.Scalar]) -> (String, Int)? {
        var characters = ""
        var ends: [Int] = []
        var index = start
        while index < scalars.count, ends.count < 4 + maxBodyLength {
            let scalar = scalars[index]
            if scalar.isASCII, ASCII.isAlphanumeric(UInt8(scalar.value)) {
                characters.unicodeScalars.append(scalar)
                ends.append(index + 1)
            } else if !scalar.properties.isWhitespace {
                break
            }
            index += 1
        }
        for length in stride(from: ends.count, through: 5, by: -1) {
            let candidate = String(characters.prefix(length))
            if isValid(candidate) { return (candidate, ends[length - 1]) }
        }
        return nil
    }
}
