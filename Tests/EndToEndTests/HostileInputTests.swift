import Foundation
import Testing

/// The committed corpus of hostile inputs (Tests/Fixtures/hostile) and the checks every case
/// must pass: no crash, a sysexits code, one `error:` line naming what is wrong, nothing written.
enum Hostile {
    static let root = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/hostile")

    /// Values of a one-a-line corpus file, `\u{…}` escapes decoded, comments and blanks skipped.
    static func values(_ file: String) throws -> [String] {
        let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }
            .map { decode(String($0)) }
    }

    static func decode(_ line: String) -> String {
        var out = "", rest = Substring(line)
        while let r = rest.range(of: "\\u{") {
            out += rest[..<r.lowerBound]
            guard let close = rest[r.upperBound...].firstIndex(of: "}"),
                  let v = UInt32(rest[r.upperBound..<close], radix: 16), let scalar = Unicode.Scalar(v) else {
                out += rest[r]; rest = rest[r.upperBound...]; continue
            }
            out.unicodeScalars.append(scalar)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The start of a value as an error line shows it: invisible characters as `\u{…}` escapes.
    static func shown(_ value: String, _ length: Int = 12) -> String {
        let escaped = value.unicodeScalars.map { s -> String in
            let hidden = s.properties.generalCategory == .control || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
            return hidden ? "\\u{\(String(s.value, radix: 16, uppercase: true))}" : String(s)
        }.joined()
        return String(escaped.prefix(length))
    }

    static func files(_ folder: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The checks for a refusal. `detailLines`: an import lists each bad row on its own
    /// indented line after the one `error:` line.
    static func expectRefused(_ r: CLI.Result, _ what: String, codes: Set<Int32> = [64, 65, 74], naming: [String] = [],
                              detailLines: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.code != -1 && codes.contains(r.code), "\(what): exit \(r.code), stderr \(r.err.debugDescription)", sourceLocation: sourceLocation)
        let lines = r.err.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(r.err.hasSuffix("\n") && lines.first?.hasPrefix("error: ") == true,
                "\(what): stderr \(r.err.debugDescription)", sourceLocation: sourceLocation)
        if detailLines {
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") }, "\(what): stderr \(r.err.debugDescription)", sourceLocation: sourceLocation)
        } else {
            #expect(lines.count == 1, "\(what): \(lines.count) lines on stderr: \(r.err.debugDescription)", sourceLocation: sourceLocation)
        }
        #expect(r.err.utf8.count < 2000, "\(what): \(r.err.utf8.count) bytes on stderr", sourceLocation: sourceLocation)
        for n in naming {
            #expect(r.err.contains(n), "\(what): stderr does not name \(n.debugDescription): \(r.err.debugDescription)",
                    sourceLocation: sourceLocation)
        }
    }
}

extension CLI {
    /// Entries in the ledger, by reading the file.
    func entryCount() throws -> Int {
        try ["gift", "supporter", "pledge", "offer", "need", "expense", "void"].reduce(0) { $0 + (try LedgerFile.count(ledger, type: $1)) }
    }
}

@Suite("Hostile input: no crash, one clear error line, nothing half-written")
struct HostileInputTests {
    @Test("Hostile amounts are refused, naming the value")
    func amounts() throws {
        let cli = try CLI()
        let before = try cli.entryCount()
        let values = try Hostile.values("amounts.txt")
        #expect(values.count >= 28)
        for v in values + [String(repeating: "9", count: 10_000), String(repeating: "1 ", count: 5000)] {
            let r = cli.run("gift", "add", v, "--date", "2026-11-02")
            Hostile.expectRefused(r, "gift add \(v.debugDescription.prefix(60))", naming: [Hostile.shown(v)])
        }
        // What reads as an option is a usage error, still naming the value.
        for v in ["-5", "- 5", "-12,50 €"] {
            Hostile.expectRefused(cli.run("gift", "add", v), "gift add \(v)", codes: [64], naming: ["'\(v)' reads as an option"])
        }
        Hostile.expectRefused(cli.run("gift", "add", "5", "--date", "-2026-01-01"), "--date -2026-01-01", codes: [64], naming: ["'-2026-01-01'"])
        // A unit in the text that contradicts --unit.
        Hostile.expectRefused(cli.run("gift", "add", "12 USD", "--unit", "EUR"), "unit mismatch", naming: ["12 USD"])
        #expect(try cli.entryCount() == before)
        #expect(cli.run("verify").code == 0)
    }

    @Test("Impossible and hostile dates are refused, naming the value")
    func dates() throws {
        let cli = try CLI()
        let before = try cli.entryCount()
        for v in try Hostile.values("dates.txt") + [String(repeating: "2026-", count: 2000)] {
            let r = cli.run("gift", "add", "5", "--date", v)
            Hostile.expectRefused(r, "--date \(v.debugDescription.prefix(60))", naming: [Hostile.shown(v)])
        }
        for v in ["2026-02-30", "2026-13-01"] {
            Hostile.expectRefused(cli.run("gift", "add", "5", "--date", v), v, naming: [v])
            Hostile.expectRefused(cli.run("pledge", "add", "5", "--every", "month", "--start", v), v, naming: [v])
            Hostile.expectRefused(cli.run("list", "--period", v), "--period \(v)", naming: [v])
        }
        #expect(try cli.entryCount() == before)
    }

    @Test("Names with markup, bidi marks and control characters: stored as written or refused in one line")
    func names() throws {
        let cli = try CLI()
        let values = try Hostile.values("names.txt") + [String(repeating: "é", count: 10_000)]
        var accepted = 0
        for (i, v) in values.enumerated() {
            let before = try cli.entryCount()
            let r = cli.run("supporter", "add", "s\(i)", "--name", v, "--email", "s\(i)@example.org", "--visibility", "public")
            if r.code == 0 {
                accepted += 1
                #expect(try cli.entryCount() == before + 1)
                // What was stored is what was given, byte for byte.
                let list = try #require(try cli.json("list", "supporters", "--json") as? [[String: Any]])
                #expect(list.contains { ($0["name"] as? String) == v }, "\(v.debugDescription) not stored as written")
            } else {
                Hostile.expectRefused(r, "--name \(v.debugDescription.prefix(60))", naming: ["name"])
                #expect(try cli.entryCount() == before)
            }
            // A handle is one word: control characters and 10 KB are refused.
            Hostile.expectRefused(cli.run("supporter", "add", "h\(i)\u{7}" + v), "handle with \(v.debugDescription.prefix(40))")
        }
        Hostile.expectRefused(cli.run("supporter", "add", String(repeating: "h", count: 10_000)), "10 KB handle")
        Hostile.expectRefused(cli.run("gift", "add", "5", "--note", "a\u{1B}[31mred"), "note with an escape sequence")
        Hostile.expectRefused(cli.run("gift", "add", "5", "--channel", String(repeating: "c", count: 10_000)), "10 KB channel")
        #expect(accepted >= 8, "markup and bidi text are names people have: \(accepted) accepted")
        #expect(cli.run("verify").code == 0)
        // Every public output of those names is escaped (the privacy suite scans the bytes).
        #expect(cli.run("gift", "add", "5", "--from", "s0", "--date", "2026-11-02").code == 0)
        #expect(cli.run("report", "build", "2026-11", "--now", "2026-12-01T08:00:00Z").code == 0)
        let html = try String(contentsOf: cli.dir.appendingPathComponent("Reports/2026-11/index.html"), encoding: .utf8)
        #expect(!html.contains("<script>alert(1)</script>"))
    }

    struct CSVCase: Sendable, CustomTestStringConvertible {
        let file: String
        var format = "generic"
        /// nil: imports cleanly; else the texts the error must hold.
        var refusal: [String]?
        /// Entries a clean import adds.
        var adds = 0
        var testDescription: String { file }
    }

    static let csvCases: [CSVCase] = [
        CSVCase(file: "ragged.csv", refusal: [":3:", ":4:"]),
        CSVCase(file: "text-after-quote.csv", refusal: [":2:", "column 4"]),
        CSVCase(file: "unclosed-quote.csv", refusal: [":2:"]),
        CSVCase(file: "latin1.csv", refusal: [":2:", "UTF-8"]),
        CSVCase(file: "nul-in-field.csv", refusal: [":2:", "note"]),
        CSVCase(file: "nul-in-amount.csv", refusal: [":2:", "amount"]),
        CSVCase(file: "newline-in-amount.csv", refusal: [":2:", "amount"]),
        CSVCase(file: "newline-in-channel.csv", refusal: [":2:", "channel"]),
        CSVCase(file: "empty.csv", refusal: ["empty"]),
        CSVCase(file: "bom-only.csv", refusal: ["empty"]),
        CSVCase(file: "header-only.csv"),
        CSVCase(file: "binary.csv", refusal: ["binary.csv"]),
        CSVCase(file: "mixed-line-endings.csv", refusal: ["2026-11-31"]),
        // A handle is private and one word: markup is a handle like another, escaped wherever shown.
        CSVCase(file: "markup-handle.csv", adds: 2),
        CSVCase(file: "bad-amounts.csv", refusal: [":2:", ":3:", ":4:"]),
        CSVCase(file: "wrong-delimiter.csv", refusal: ["generic"]),
        CSVCase(file: "bank-fr-latin1-bad-date.csv", format: "bank-fr", refusal: [":3:", "31/11/2026"]),
        CSVCase(file: "binary.csv", format: "helloasso", refusal: ["binary.csv"]),
        CSVCase(file: "latin1.csv", format: "patreon", refusal: ["latin1.csv"]),
    ]

    @Test("Hostile CSV files: refused naming the line and column, all or nothing", arguments: csvCases)
    func csv(_ c: CSVCase) throws {
        let cli = try CLI()
        #expect(cli.run("gift", "add", "5", "--date", "2026-11-01").code == 0)
        let before = try cli.entryCount()
        let path = Hostile.root.appendingPathComponent("csv/\(c.file)").path
        let r = cli.run("import", path, "--format", c.format)
        if let naming = c.refusal {
            Hostile.expectRefused(r, c.file, naming: naming, detailLines: true)
        } else {
            #expect(r.code == 0, "\(r.err)")
        }
        #expect(try cli.entryCount() == before + c.adds)
        #expect(cli.run("verify").code == 0)
    }

    @Test("A line of 1 GB, a quoted field of 64 MB and a line of a million fields are refused at once, naming the line")
    func hugeLines() throws {
        let cli = try CLI()
        let before = try cli.entryCount()
        let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let cases: [(name: String, head: String, blocks: Int, block: Data, naming: String)] = [
            ("gigabyte.csv", "date,amount,unit,note\n2026-11-02,5,EUR,", 1024, block, "longer than 1 MB"),
            ("quoted.csv", "date,amount,unit,note\n2026-11-02,5,EUR,\"", 64, block, "longer than 1 MB"),
            ("fields.csv", "date,amount,unit,note\n2026-11-02,5,EUR,", 1, Data(repeating: UInt8(ascii: ","), count: 1 << 20), "fields"),
        ]
        for c in cases {
            let url = cli.dir.appendingPathComponent(c.name)
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            try handle.write(contentsOf: Data(c.head.utf8))
            for _ in 0..<c.blocks { try handle.write(contentsOf: c.block) }
            try handle.write(contentsOf: Data("\n2026-11-03,6,EUR,\n".utf8))
            try handle.close()
            let r = cli.run("import", url.path)
            Hostile.expectRefused(r, c.name, codes: [65], naming: [":2:", c.naming], detailLines: true)
            try FileManager.default.removeItem(at: url)
        }
        #expect(try cli.entryCount() == before)
    }

    static let configCases: [(file: String, naming: [String])] = [
        ("wrong-type-cadence.toml", ["reports.cadence"]),
        ("wrong-type-min-group.toml", ["reports.min_group"]),
        ("wrong-type-formats.toml", ["reports.formats"]),
        ("wrong-type-carry-over.toml", ["reports.carry_over"]),
        ("unknown-key-cadance.toml", ["cadance"]),
        ("unknown-table-ledgr.toml", ["ledgr"]),
        ("unit-decimals-40.toml", ["decimals"]),
        ("unit-code-markup.toml", ["code"]),
        ("bad-timezone.toml", ["ledger.timezone", "Mars/Olympus"]),
        ("publish-kind-ftp.toml", ["kind", "ftp"]),
        ("publish-url-javascript.toml", ["url"]),
        ("unterminated-string.toml", ["line"]),
        ("missing-support-url.toml", ["support_url"]),
        ("binary.toml", ["chapeau.toml"]),
        ("latin1.toml", ["chapeau.toml"]),
        ("duplicate-key.toml", ["name"]),
    ]

    @Test("Hostile config files: refused, naming the key")
    func configs() throws {
        let cli = try CLI()
        let config = cli.dir.appendingPathComponent("Config/chapeau.toml")
        for c in Self.configCases {
            try FileManager.default.removeItem(at: config)
            try FileManager.default.copyItem(at: Hostile.root.appendingPathComponent("config/\(c.file)"), to: config)
            for command in [["list"], ["gift", "add", "5"], ["run"]] {
                Hostile.expectRefused(cli.run(command), "\(c.file) with \(command[0])", naming: c.naming)
            }
        }
        try FileManager.default.removeItem(at: config)
        #expect(FileManager.default.createFile(atPath: config.path, contents: Data(String(repeating: "# x\n", count: 1 << 18).utf8)))
        Hostile.expectRefused(cli.run("list"), "a config of comments only", naming: ["author"])
    }

    @Test("Hostile article files: binary and non-UTF-8 ones are skipped with a warning naming them, never touched")
    func articles() throws {
        let cli = try CLI()
        let posts = cli.dir.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        var originals: [String: Data] = [:]
        for f in try Hostile.files("articles") where f.lastPathComponent != "empty.md" {
            let data = try Data(contentsOf: f)
            originals[f.lastPathComponent] = data
            try data.write(to: posts.appendingPathComponent(f.lastPathComponent))
        }
        #expect(originals.count == 4)
        for (name, data) in originals {
            for verb in ["stamp", "check", "remove"] {
                let r = cli.run("footer", verb, "posts/\(name)")
                #expect(r.code == 0, "footer \(verb) \(name): \(r.code) \(r.err)")
                #expect(r.err == "warning: posts/\(name) is not UTF-8 text\(data.contains(0) ? " (a binary file?)" : ""): skipped, left untouched\n",
                        "footer \(verb) \(name): \(r.err.debugDescription)")
                #expect(r.out.contains("1 not UTF-8 (skipped)"), "\(r.out)")
                #expect(try Data(contentsOf: posts.appendingPathComponent(name)) == data, "\(name) was changed by \(verb)")
            }
        }
        // A whole folder of them: the good and the empty ones are stamped, the others left as they were.
        try Data("# Un bon article\n\nDu texte.\n".utf8).write(to: posts.appendingPathComponent("good.md"))
        try Data().write(to: posts.appendingPathComponent("empty.md"))
        let r = cli.run("footer", "stamp", "posts")
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.split(separator: "\n").count == originals.count)
        for (name, data) in originals {
            #expect(try Data(contentsOf: posts.appendingPathComponent(name)) == data, "\(name) changed")
        }
        for name in ["good.md", "empty.md"] {
            #expect(try String(contentsOf: posts.appendingPathComponent(name), encoding: .utf8).contains("chapeau:footer"))
        }
    }

    @Test("A huge article (8 MB in make test) is stamped or refused in one line, never truncated")
    func hugeArticle() throws {
        let cli = try CLI()
        let url = cli.dir.appendingPathComponent("huge.md")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let block = Data(String(repeating: "Un paragraphe de texte libre, encore et encore.\n", count: 1 << 14).utf8)
        var size = 0
        while size < 8 << 20 { try handle.write(contentsOf: block); size += block.count }
        try handle.close()
        let r = cli.run("footer", "stamp", "huge.md")
        let after = try Data(contentsOf: url)
        if r.code == 0 {
            #expect(after.count > size)
            #expect(cli.run("footer", "remove", "huge.md").code == 0)
            #expect(try Data(contentsOf: url).count == size)
        } else {
            Hostile.expectRefused(r, "8 MB article", naming: ["huge.md"])
            #expect(after.count == size)
        }
    }
}
