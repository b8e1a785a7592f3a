import ChapeauCore
import Foundation
import Testing

@Suite("Killed runs leave nothing half-written")
struct KillTests {
    @Test("A stamp killed at random moments leaves every article either as it was or fully stamped")
    func killedStamp() throws {
        let cli = try CLI()
        let posts = cli.dir.appendingPathComponent("posts")
        let (originals, stamped) = try Self.articles(in: posts)

        // Seeded, as the other kill tests: a failure replays with the same kill times.
        var rng = SplitMix64(seed: 0x5EED_F007)
        var kills = 0
        for _ in 0..<4 {
            try cli.runAndKill(["footer", "stamp", "posts"], after: Double.random(in: 0.02...0.35, using: &rng))
            kills += 1
            for (name, original) in originals {
                let now = try Data(contentsOf: posts.appendingPathComponent(name))
                #expect(now == original || now == stamped[name], "\(name) is neither old nor new after a kill")
            }
        }
        #expect(kills == 4)
        // The next run completes the work.
        #expect(cli.run("footer", "stamp", "posts").code == 0)
        for (name, done) in stamped {
            #expect(try Data(contentsOf: posts.appendingPathComponent(name)) == done, "\(name)")
        }
        #expect(cli.run("footer", "check", "posts").code == 0)
    }

    /// 1500 articles written in `posts`, and what each is as a complete stamp leaves it (on a copy
    /// at the same place in a twin workspace: the footer carries each article's URL, made from
    /// its path).
    static func articles(in posts: URL) throws -> (originals: [String: Data], stamped: [String: Data]) {
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        let paragraph = String(repeating: "Un texte libre circule parce que d'autres le reprennent et le discutent. ", count: 60)
        var originals: [String: Data] = [:]
        for i in 0..<1500 {
            let name = "article-\(i).md"
            let text = (i % 3 == 0 ? "---\ntitle: \"Article \(i)\"\n---\n" : "") + "# Article \(i)\n\n\(paragraph)\n"
            originals[name] = Data(text.utf8)
            try Data(text.utf8).write(to: posts.appendingPathComponent(name))
        }
        let twin = try CLI()
        let expected = twin.dir.appendingPathComponent("posts")
        try FileManager.default.copyItem(at: posts, to: expected)
        guard twin.run("footer", "stamp", "posts").code == 0 else { throw CLIError.setup("the twin's stamp failed") }
        var stamped: [String: Data] = [:]
        for name in originals.keys { stamped[name] = try Data(contentsOf: expected.appendingPathComponent(name)) }
        return (originals, stamped)
    }

    @Test("A stamp killed midway leaves the record of current articles true: what it says is untouched is current")
    func killedStampKeepsTheRecordTrue() throws {
        let cli = try CLI()
        let posts = cli.dir.appendingPathComponent("posts")
        let (originals, stamped) = try Self.articles(in: posts)
        #expect(cli.run("footer", "stamp", "posts").code == 0)
        // Half the articles lose their footer behind the record's back: its states no longer match them.
        for (index, name) in originals.keys.sorted().enumerated() where index % 2 == 0 {
            try originals[name]?.write(to: posts.appendingPathComponent(name))
        }
        let record = cli.dir.appendingPathComponent("data/footer-stamps").path
        var rng = SplitMix64(seed: 0x5EED_5EC0)
        for _ in 0..<4 {
            try cli.runAndKill(["footer", "stamp", "posts"], after: Double.random(in: 0.02...0.35, using: &rng))
            for (name, original) in originals {
                let now = try Data(contentsOf: posts.appendingPathComponent(name))
                #expect(now == original || now == stamped[name], "\(name) is neither old nor new after a kill")
            }
            // Every entry that still matches its file's state speaks the truth: the file is stamped.
            let entries = try Self.recordEntries(record)
            #expect(entries.count == originals.count)
            for (path, state) in entries where Self.state(of: path) == state {
                let name = (path as NSString).lastPathComponent
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == stamped[name], "\(name): the record trusts a stale file")
            }
        }
        let done = cli.run("footer", "stamp", "posts")
        #expect(done.code == 0)
        for (name, text) in stamped {
            #expect(try Data(contentsOf: posts.appendingPathComponent(name)) == text, "\(name)")
        }
        #expect(cli.run("footer", "check", "posts").code == 0)
    }

    /// The record's entries: real path → "device inode size modified changed".
    static func recordEntries(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "chapeau footer-stamps 1")
        #expect(lines.last?.hasPrefix("end ") == true)
        var entries: [String: String] = [:]
        for line in lines.dropFirst(2).dropLast() {
            let fields = line.split(separator: "\t")
            let numbers = fields[0].split(separator: " ")
            guard fields.count == 3, numbers.count == 7 else {
                Issue.record("malformed record line: \(line)")
                continue
            }
            entries[String(fields[1])] = numbers[0..<5].joined(separator: " ")
        }
        return entries
    }

    static func state(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        return "\(info.st_dev) \(info.st_ino) \(info.st_size) \(modified) \(changed)"
    }
}
