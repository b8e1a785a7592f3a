import ChapeauApp
import ChapeauCore
import ChapeauStore
import Foundation

/// Writes text to a file in large chunks (the CSV of 1M gifts is about 80 MB).
struct ChunkedWriter {
    private let handle: FileHandle
    private var buffer = ""

    init(path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let h = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ s: String) throws {
        buffer += s
        if buffer.utf8.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try handle.close()
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

enum LedgerOutput {
    /// A workspace at `dir` (Scaffold, then a semi-monthly cadence) holding the dataset,
    /// appended in transactions of `batch` entries.
    static func write(_ data: Dataset, to dir: String, batch: Int) throws {
        let result = try Scaffold.initialise(at: dir, authorName: "Camille Martin")
        let configPath = result.root + "/Config/chapeau.toml"
        guard var text = try? String(contentsOfFile: configPath, encoding: .utf8),
              let range = text.range(of: "cadence = \"monthly\"") else { throw BenchError("cannot set the cadence in \(configPath)") }
        text.replaceSubrange(range, with: "cadence = \"semi-monthly\"")
        try AtomicFile.write(Data(text.utf8), to: configPath)
        let ws = try Workspace.load(configPath: configPath)
        guard ws.config.reports.cadence == .semiMonthly, let ptj = ws.units.unit(code: "PTJ") else {
            throw BenchError("the workspace config lacks the semi-monthly cadence or the PTJ unit")
        }
        let store = try LedgerStore.open(path: ws.ledgerPath, units: ws.units)
        let at = Dataset.now

        func appendAll(_ bodies: [EntryBody]) throws -> [EntryRef] {
            var refs: [EntryRef] = []
            var i = 0
            while i < bodies.count {
                let j = min(bodies.count, i + batch)
                refs += try store.append(Array(bodies[i..<j]), recordedAt: at)
                i = j
            }
            return refs
        }

        let supporterRefs = try appendAll(data.supporters.map {
            .supporter(Supporter(handle: $0.handle, name: $0.name, email: $0.email, visibility: $0.visibility, address: $0.address))
        })
        guard supporterRefs.last == EntryRef(.supporter, Int64(data.supporters.count)) else {
            throw BenchError("the ledger at \(dir) was not empty: supporters were not numbered from s-1")
        }
        _ = try appendAll(data.pledges.map {
            .pledge(Pledge(amount: Money(minor: $0.amountMinor, unit: .eur), every: .month,
                           supporter: ID<Supporter>(Int64($0.supporter + 1)), start: Day(ordinal: $0.start),
                           end: $0.end.map { Day(ordinal: $0) }))
        })
        _ = try appendAll(data.needs.map { .need($0) })

        var i = 0
        while i < data.gifts.count {
            let j = min(data.gifts.count, i + batch)
            let bodies: [EntryBody] = data.gifts[i..<j].map { g in
                .gift(Gift(amount: Money(minor: g.minor, unit: g.ptj ? ptj : .eur), day: Day(ordinal: g.day),
                           supporter: g.supporter < 0 ? nil : ID<Supporter>(Int64(g.supporter) + 1),
                           channel: Dataset.channels[Int(g.channel)], campaign: data.campaignText(g),
                           pledge: g.pledge < 0 ? nil : ID<Pledge>(Int64(g.pledge) + 1),
                           reference: data.referenceText(g), note: data.noteText(g)))
            }
            _ = try store.append(bodies, recordedAt: at)
            i = j
        }
    }
}

enum CSVOutput {
    static func cell(_ s: String?) -> String {
        guard let s else { return "" }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Chapeau's generic CSV: `id,date,kind,amount,unit,supporter,channel,campaign,reference,note`.
    static func write(_ data: Dataset, to path: String) throws {
        var out = try ChunkedWriter(path: path)
        try out.write("id,date,kind,amount,unit,supporter,channel,campaign,reference,note\n")
        for (n, g) in data.gifts.enumerated() {
            let amount = Money.decimalString(g.minor, decimals: g.ptj ? 0 : 2)
            let supporter = g.supporter < 0 ? nil : data.supporters[Int(g.supporter)].handle
            let row = [
                "g-\(n + 1)", Day(ordinal: g.day).description, "gift", amount, g.ptj ? "PTJ" : "EUR", cell(supporter),
                Dataset.channels[Int(g.channel)], cell(data.campaignText(g)), cell(data.referenceText(g)), cell(data.noteText(g)),
            ]
            try out.write(row.joined(separator: ",") + "\n")
        }
        try out.close()
    }
}

/// ~5 KB articles of pseudo-French prose: Markdown (a third with YAML front matter) and HTML
/// pages with an `<article>`, spread over folders of 100 files.
enum ArticlesOutput {
    static let words = """
        le la les un une des et ou mais donc car nous vous ils elles texte livre lecture auteur autrice \
        chapeau don libre partage chemin ville campagne lumière soir matin hiver printemps été automne \
        rivière pierre jardin maison table fenêtre porte voix silence histoire mémoire temps année jour \
        écrire lire penser marcher regarder attendre donner recevoir ouvrir fermer garder perdre trouver \
        simple clair sombre léger lourd ancien nouveau petit grand long court doux froid chaud vivant \
        toujours parfois jamais encore déjà ici ailleurs ensemble seul autour avant après pendant sans \
        avec pour contre entre vers sous sur dans comme quand pourquoi comment beaucoup peu assez très
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    static func sentence(_ rng: inout SplitMix64) -> String {
        let count = 8 + rng.below(13)
        var parts: [String] = []
        for _ in 0..<count { parts.append(words[rng.below(words.count)]) }
        let s = parts.joined(separator: " ")
        return s.prefix(1).uppercased() + s.dropFirst() + (rng.percent(10) ? " ?" : ".")
    }

    static func paragraphs(_ rng: inout SplitMix64, bytes: Int) -> [String] {
        var out: [String] = []
        var total = 0
        while total < bytes {
            let p = (0..<(4 + rng.below(4))).map { _ in sentence(&rng) }.joined(separator: " ")
            total += p.utf8.count + 2
            out.append(p)
        }
        return out
    }

    static func title(_ rng: inout SplitMix64) -> String {
        let t = (0..<(3 + rng.below(4))).map { _ in words[rng.below(words.count)] }.joined(separator: " ")
        return t.prefix(1).uppercased() + t.dropFirst()
    }

    static func write(markdown: Int, html: Int, seed: UInt64, to dir: String) throws {
        var rng = SplitMix64.bench(seed: seed ^ 0xA271_C1E5)
        let fm = FileManager.default
        func put(_ text: String, _ sub: String, _ name: String) throws {
            let folder = dir + "/" + sub
            if !fm.fileExists(atPath: folder) { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            guard fm.createFile(atPath: folder + "/" + name, contents: Data(text.utf8)) else {
                throw BenchError("cannot write \(folder)/\(name)")
            }
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        for i in 0..<markdown {
            let t = title(&rng)
            let day = Day(ordinal: Dataset.firstDay.ordinal + rng.below(1400))
            var text = ""
            if i % 3 == 0 {
                text += "---\ntitle: \"\(t)\"\ndate: \(day)\nlang: \(rng.percent(80) ? "fr" : "en")\n"
                text += "tags: [\(words[rng.below(words.count)]), \(words[rng.below(words.count)])]\n---\n\n"
            }
            text += "# \(t)\n\n" + paragraphs(&rng, bytes: 4900).joined(separator: "\n\n") + "\n"
            try put(text, "md/\(two(i / 100 % 100))", "article-\(i + 1).md")
        }
        for i in 0..<html {
            let t = title(&rng)
            let body = paragraphs(&rng, bytes: 4800).map { "<p>\($0)</p>" }.joined(separator: "\n")
            let text = """
                <!DOCTYPE html>
                <html lang="fr">
                <head>
                <meta charset="utf-8">
                <title>\(t)</title>
                </head>
                <body>
                <article>
                <h1>\(t)</h1>
                \(body)
                </article>
                </body>
                </html>

                """
            try put(text, "html/\(two(i / 100 % 100))", "page-\(i + 1).html")
        }
    }
}
