import Foundation
import Testing

/// Every file `report build` publishes, with its bytes.
func publicFiles(under dir: URL) throws -> [(path: String, text: String)] {
    var out: [(String, String)] = []
    guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
    for case let url as URL in walker where !url.hasDirectoryPath {
        let data = try Data(contentsOf: url)
        out.append((url.path, String(decoding: data, as: UTF8.self)))
    }
    return out
}

@Suite("Reports, end to end")
struct ReportEndToEndTests {
    /// A ledger full of private data and hostile text.
    func hostileLedger() throws -> CLI {
        let c = try CLI()
        let steps: [[String]] = [
            ["supporter", "add", "xss", "--name", "<script>alert(1)</script>", "--email", "xss-7731@example.org", "--visibility", "public"],
            ["supporter", "add", "{{handle}}", "--email", "mustache-5512@example.org"],
            ["supporter", "add", "hidden-handle-9921", "--name", "Anonyme Secretname", "--email", "anon-4410@example.org", "--visibility", "anonymous"],
            ["supporter", "add", "erased-handle-3319", "--name", "Erased Secretname", "--email", "erased-6620@example.org", "--visibility", "public"],
            ["supporter", "add", "p1"], ["supporter", "add", "p2"],
            ["gift", "add", "12,50 €", "--from", "xss", "--date", "2026-11-02", "--note", "note-privee-1187", "--channel", "<b>bank</b>"],
            ["gift", "add", "40 €", "--from", "{{handle}}", "--date", "2026-11-03", "--note", "note-privee-2287"],
            ["gift", "add", "1234,56 €", "--from", "hidden-handle-9921", "--date", "2026-11-04", "--note", "note-privee-3387"],
            ["gift", "add", "77 €", "--from", "erased-handle-3319", "--date", "2026-11-05", "--note", "note-privee-4487"],
            ["gift", "add", "5 €", "--from", "p1", "--date", "2026-11-06"],
            ["gift", "add", "7 €", "--from", "p2", "--date", "2026-11-07", "--campaign", "<img src=x onerror=alert(2)>"],
            ["gift", "add", "9 PTJ", "--from", "hidden-handle-9921", "--date", "2026-11-08"],
            ["need", "add", "Loyer <i>du</i> bureau", "350 €", "--every", "month", "--start", "2026-01-01"],
            ["offer", "add", "Relecture {{#x}}", "--kind", "skill", "--from", "hidden-handle-9921", "--date", "2026-11-09"],
            ["offer", "accept", "o-1", "--date", "2026-11-10"],
            ["expense", "add", "Hébergement", "9,99", "--date", "2026-11-03"],
            ["supporter", "erase", "erased-handle-3319"],
        ]
        for s in steps {
            let r = c.run(s)
            guard r.code == 0 else { throw CLIError.setup("\(s) → \(r.code) \(r.err)") }
        }
        return c
    }

    @Test("No public output carries a private datum or unescaped markup")
    func privacyScan() throws {
        let cli = try hostileLedger()
        let r = cli.run("report", "build", "2026-11", "--now", "2026-12-01T08:00:00Z")
        #expect(r.code == 0, "\(r.err)")
        let files = try publicFiles(under: cli.dir.appendingPathComponent("Reports"))
        #expect(files.count >= 8, "\(files.map(\.path))")
        let privateData = ["xss-7731@example.org", "mustache-5512@example.org", "anon-4410@example.org", "erased-6620@example.org",
                           "@example.org", "note-privee", "hidden-handle-9921", "Anonyme Secretname", "Erased Secretname",
                           "erased-handle-3319", "1234.56", "1 234,56", "1234,56", "1,234.56"]
        for (path, text) in files {
            for secret in privateData {
                #expect(!text.contains(secret), "\(secret) found in \(path)")
            }
            if !path.hasSuffix(".csv") {
                for markup in ["<script>alert(1)</script>", "<b>bank</b>", "<img src=x", "<i>du</i>"] {
                    #expect(!text.contains(markup), "unescaped \(markup) in \(path)")
                }
            } else {
                for line in text.split(separator: "\n") {
                    for cell in line.split(separator: ",") {
                        #expect(!["=", "+", "@"].contains(cell.first.map(String.init) ?? ""), "formula cell \(cell) in \(path)")
                    }
                }
            }
        }
        // The public name is on the wall of thanks, escaped; the pseudonym too.
        let html = try #require(files.first { $0.path.hasSuffix("2026-11/index.html") }?.text)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("{{handle}}") || html.contains("&#123;&#123;handle&#125;&#125;"))
    }

    @Test("The same ledger and --now give the same bytes")
    func deterministic() throws {
        let cli = try hostileLedger()
        #expect(cli.run("report", "build", "2026-11", "--now", "2026-12-01T08:00:00Z", "--output", "a").code == 0)
        #expect(cli.run("report", "build", "2026-11", "--now", "2026-12-01T08:00:00Z", "--output", "b").code == 0)
        let a = try publicFiles(under: cli.dir.appendingPathComponent("a")).map { ($0.path.replacingOccurrences(of: "/a/", with: "/"), $0.text) }
        let b = try publicFiles(under: cli.dir.appendingPathComponent("b")).map { ($0.path.replacingOccurrences(of: "/b/", with: "/"), $0.text) }
        #expect(a.count == b.count)
        #expect(Dictionary(uniqueKeysWithValues: a) == Dictionary(uniqueKeysWithValues: b))
        #expect(FileManager.default.fileExists(atPath: cli.dir.appendingPathComponent("a/2026-11/report.json").path))
    }

    @Test func reportJSONHasTheRequiredFieldsAndFigures() throws {
        let cli = try hostileLedger()
        cli.run("void", "g-5", "--reason", "test")
        #expect(cli.run("report", "build", "2026-11-H1", "--format", "json", "--now", "2026-12-01", "--output", "out").code == 0)
        let data = try Data(contentsOf: cli.dir.appendingPathComponent("out/2026-11-H1/report.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let period = try #require(json["period"] as? [String: Any])
        #expect(period["id"] as? String == "2026-11-H1")
        #expect(period["start"] as? String == "2026-11-01")
        #expect(period["end"] as? String == "2026-11-15")
        let totals = try #require(json["totals"] as? [[String: Any]])
        let eur = try #require(totals.first { $0["unit"] as? String == "EUR" })
        // 12.50 + 40 + 1234.56 + 77 + 7 (g-5, 5 €, voided): units never added to PTJ.
        #expect(eur["amount_minor"] as? Int == 1250 + 4000 + 123456 + 7700 + 700)
        #expect(eur["gifts"] as? Int == 5)
        #expect(eur["supporters"] as? Int == 5)
        #expect(totals.first { $0["unit"] as? String == "PTJ" }?["amount_minor"] as? Int == 9)
        let needs = try #require(json["needs"] as? [[String: Any]])
        #expect(needs.first?["needed_minor"] as? Int == 17500)  // 350 € × 15/30
        let offers = try #require(json["offers"] as? [String: Any])
        #expect((offers["by_kind"] as? [String: Any])?["skill"] as? Int == 1)
        #expect((offers["by_status"] as? [String: Any])?["accepted"] as? Int == 1)
        let integrity = try #require(json["integrity"] as? [String: Any])
        let verify = try #require(try cli.json("verify", "--json") as? [String: Any])
        #expect(integrity["head"] as? String == verify["head"] as? String)
        #expect(integrity["entries"] as? Int == verify["entries"] as? Int)
    }

    @Test func reportErrors() throws {
        let cli = try CLI()
        let bad = cli.run("report", "build", "2026-13")
        #expect(bad.code == 65)  // as 'list --period 2026-13': one code for a bad period everywhere
        #expect(bad.err.contains("'2026-13' is not a period"))
        let fmt = cli.run("report", "build", "2026-11", "--format", "pdf")
        #expect(fmt.code == 64)
        #expect(fmt.err.contains("'pdf' is not a report format"))
        #expect(cli.run("report", "list").out.contains("No dated entries yet"))
    }

    static var chromium: String? {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    @Test("Headless Chromium renders the HTML report at phone width",
          .enabled(if: chromium != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                   "Chromium is not installed here: apt-get install chromium (CI installs it)"))
    func browser() throws {
        let chromium = try #require(Self.chromium, "CI must have Chromium: .ci/run installs it")
        let cli = try hostileLedger()
        #expect(cli.run("report", "build", "2026-11", "--now", "2026-12-01").code == 0)
        let page = cli.dir.appendingPathComponent("Reports/2026-11/index.html").path
        func chrome(_ args: [String]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: chromium)
            p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=360,2400",
                           "--user-data-dir=\(cli.dir.appendingPathComponent(".chromium").path)"] + args + [page]
            let out = cli.dir.appendingPathComponent(".chromium-out")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            let h = try FileHandle(forWritingTo: out)
            p.standardOutput = h
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            try h.close()
            return (p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
        }
        let (code, dom) = try chrome(["--dump-dom"])
        #expect(code == 0)
        // The period's total, as a French reader sees it: 1 376,06 €.
        #expect(dom.contains("1\u{202F}376,06"), "total missing from the DOM")
        #expect(!dom.contains("<script>alert(1)</script>"))
        let shot = cli.dir.appendingPathComponent("report.png")
        let (shotCode, _) = try chrome(["--screenshot=\(shot.path)"])
        #expect(shotCode == 0)
        let png = try Data(contentsOf: shot)
        #expect(png.count > 10_000)
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // Keep a copy for a person to look at.
        let keep = CLI.packageRoot.appendingPathComponent(".build/report-phone.png")
        try? FileManager.default.removeItem(at: keep)
        try? FileManager.default.copyItem(at: shot, to: keep)
    }
    @Test("Every kind of page fits a 360 px and a 390 px phone in Chromium, in French and in English, without sideways scrolling",
          .enabled(if: chromium != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                   "Chromium is not installed here: apt-get install chromium (CI installs it)"))
    func phoneWidths() throws {
        let chromium = try #require(Self.chromium, "CI must have Chromium: .ci/run installs it")
        let c = try CLI(initialise: false)
        let demo = c.run("demo", "site", "--now", "2026-11-20T09:00:00Z")
        #expect(demo.code == 0, "\(demo.err)")
        let reports = c.dir.appendingPathComponent("site/Reports")
        // The index, a closed report with campaigns and offers answering a need, the live one, the first one.
        var pages = ["index.html", "2026-11-H1/index.html", "2026-11-H2/index.html", "2025-05-H1/index.html"]
        // The same pages in English, built beside them.
        c.env["CHAPEAU_CONFIG"] = c.dir.appendingPathComponent("site/Config/chapeau.toml").path
        let configPath = c.dir.appendingPathComponent("site/Config/chapeau.toml")
        let config = try String(contentsOf: configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "language = \"fr\"", with: "language = \"en\"").write(to: configPath, atomically: true, encoding: .utf8)
        #expect(c.run("report", "build", "2026-11-H1", "--output", c.dir.appendingPathComponent("en").path, "--now", "2026-11-20T09:00:00Z").code == 0)
        pages += ["../../en/index.html", "../../en/2026-11-H1/index.html"]
        for page in pages {
            let source = reports.appendingPathComponent(page).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: source.path), "\(page) was not built")
            for width in [360, 390] {
                // Headless windows are at least 500 px wide: the page is laid out in a frame of
                // the phone's width, and the frame's scroll width written into the probe's DOM.
                let probe = c.dir.appendingPathComponent("probe.html")
                try """
                <!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="\(source.absoluteString)" style="width:\(width)px;height:900px;border:0"></iframe>
                <script>window.addEventListener('load', function () { var d = document.getElementById('f').contentDocument;
                document.body.setAttribute('data-width', d ? String(d.documentElement.scrollWidth) : 'none') })</script></body></html>
                """.write(to: probe, atomically: true, encoding: .utf8)
                let p = Process()
                p.executableURL = URL(fileURLWithPath: chromium)
                p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files",
                               "--window-size=800,900", "--user-data-dir=\(c.dir.appendingPathComponent(".chromium").path)",
                               "--dump-dom", probe.path]
                let out = Pipe()
                p.standardOutput = out
                p.standardError = FileHandle.nullDevice
                try p.run()
                let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                let measured = dom.range(of: "data-width=\"").map { r in Int(dom[r.upperBound...].prefix { $0.isNumber }) ?? -1 }
                let laidOut = try #require(measured, "\(page) at \(width) px: Chromium gave no width")
                #expect(laidOut > 0, "\(page): the frame was not readable")
                #expect(laidOut <= width, "\(page) is \(laidOut) px wide on a \(width) px screen")
            }
        }
    }
}
