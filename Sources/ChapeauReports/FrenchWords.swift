/// Amounts in French words, as a tax receipt writes them beside the figures
/// (« mille deux cent trente-quatre euros et cinquante-six centimes »).
///
/// Traditional spelling: hyphens between tens and units below one hundred, « et » in 21, 31,
/// 41, 51, 61 and 71; « vingt » and « cent » take an « s » when multiplied and last (« quatre-vingts »,
/// « deux cents ») but not before another numeral (« quatre-vingt-un », « deux cent mille »);
/// « mille » never varies; « million » and « milliard » are nouns (« deux millions », « un million d'euros »).
public enum FrenchWords {
    static let small = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
                        "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
    static let tens = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante"]

    /// 0 to 99. `last`: nothing multiplies it afterwards (« quatre-vingts » vs « quatre-vingt mille »).
    static func below100(_ n: Int, last: Bool) -> String {
        if n < 20 { return small[n] }
        let t = n / 10, u = n % 10
        switch t {
        case 2...6:
            if u == 0 { return tens[t] }
            if u == 1 { return tens[t] + " et un" }
            return tens[t] + "-" + small[u]
        case 7:
            return u == 1 ? "soixante et onze" : "soixante-" + small[10 + u]
        case 8:
            return u == 0 ? (last ? "quatre-vingts" : "quatre-vingt") : "quatre-vingt-" + small[u]
        default:
            return "quatre-vingt-" + small[10 + u]
        }
    }

    /// 1 to 999.
    static func below1000(_ n: Int, last: Bool) -> String {
        let h = n / 100, r = n % 100
        var parts: [String] = []
        if h == 1 { parts.append("cent") }
        if h > 1 { parts.append(small[h] + " " + (r == 0 && last ? "cents" : "cent")) }
        if r > 0 { parts.append(below100(r, last: last)) }
        return parts.joined(separator: " ")
    }

    /// A whole number in words: `1234` → « mille deux cent trente-quatre ».
    public static func integer(_ value: Int64) -> String {
        guard value > 0 else { return "zéro" }
        let n = value.magnitude
        let milliards = n / 1_000_000_000, millions = Int(n / 1_000_000 % 1000)
        let thousands = Int(n / 1000 % 1000), rest = Int(n % 1000)
        var parts: [String] = []
        if milliards > 0 {
            // Nouns: the number before them is last (« deux cents milliards »).
            parts.append(integer(Int64(milliards)) + (milliards > 1 ? " milliards" : " milliard"))
        }
        if millions > 0 { parts.append(below1000(millions, last: true) + (millions > 1 ? " millions" : " million")) }
        if thousands > 0 { parts.append(thousands == 1 ? "mille" : below1000(thousands, last: false) + " mille") }
        if rest > 0 { parts.append(below1000(rest, last: true)) }
        return parts.joined(separator: " ")
    }

    /// An amount of euros given in cents: `123456` → « mille deux cent trente-quatre euros et
    /// cinquante-six centimes »; `1` → « un centime »; `100000000` → « un million d'euros ».
    public static func euros(cents: Int64) -> String {
        let euros = cents / 100, rest = Int(cents % 100)
        var out = ""
        if euros > 0 {
            let words = integer(euros)
            // « un million d'euros », « deux milliards d'euros »: after a noun, « de ».
            if euros % 1_000_000 == 0 { out = words + " d’euros" } else { out = words + (euros == 1 ? " euro" : " euros") }
        }
        if rest > 0 {
            let c = below100(rest, last: true) + (rest == 1 ? " centime" : " centimes")
            out = out.isEmpty ? c : out + " et " + c
        }
        return out.isEmpty ? "zéro euro" : out
    }
}

/// French typography for running text: a no-break space before « : », a narrow no-break
/// space before « ; ! ? » and inside « guillemets », so that no line starts with a
/// punctuation mark; existing spaces there are replaced, missing ones added.
public enum FrenchTypography {
    static let nbsp: Character = "\u{00A0}"
    static let narrow: Character = "\u{202F}"

    public static func apply(_ text: String) -> String {
        // Most texts of a document (names, dates, amounts) have no mark to space: they come
        // back as they are, without walking their characters. The bytes looked for are the
        // marks' own and those that end « and » in UTF-8 (a few other letters share them and
        // take the long way, with the same result).
        guard text.utf8.contains(where: { $0 == 0x3A || $0 == 0x3B || $0 == 0x21 || $0 == 0x3F || $0 == 0xAB || $0 == 0xBB }) else {
            return text
        }
        var out: [Character] = []
        out.reserveCapacity(text.count + 8)
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            switch c {
            case ":", ";", "!", "?", "»":
                // Not inside a URL or a time (https://, ?a=1, 10:30): only before a space, a
                // closing mark or the end.
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                let nextOK = c == "»" || next == " " || next == "\n" || next == "." || next == "," || next == ")"
                    || next == "»" || next == nbsp || next == narrow
                guard nextOK else { out.append(c); continue }
                while let last = out.last, last == " " || last == nbsp || last == narrow { out.removeLast() }
                if !out.isEmpty, out.last != "\n" { out.append(c == ":" ? nbsp : narrow) }
                out.append(c)
            case " " where out.last == "«":
                out.append(narrow)
            default:
                if out.last == "«" && c != narrow && c != nbsp { out.append(narrow) }
                out.append(c)
            }
        }
        return String(out)
    }
}
