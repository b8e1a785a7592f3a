import ChapeauCore
import Foundation
import Testing

@Suite("Killed runs leave nothing half-written")
struct KillTests {
    @Test("A stamp killed at random moments leaves every article either as it was or fully stamped")
    func killedStamp() throws {
        let cli = try CLI()
        let posts = cli.dir.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        let paragraph = String(repeating: "Un texte libre circule parce que d'autres le reprennent et le discutent. ", count: 60)
        var originals: [String: Data] = [:]
        for i in 0..<1500 {
            let name = "article-\(i).md"
            let text = (i % 3 == 0 ? "---\ntitle: \"Article \(i)\"\n---\n" : "") + "# Article \(i)\n\n\(paragraph)\n"
            originals[name] = Data(text.utf8)
            try Data(text.utf8).write(to: posts.appendingPathComponent(name))
        }
        // What a complete run gives, on a copy at the same place in a twin workspace (the footer
        // carries each article's URL, made from its path).
        let twin = try CLI()
        let expected = twin.dir.appendingPathComponent("posts")
        try FileManager.default.copyItem(at: posts, to: expected)
        #expect(twin.run("footer", "stamp", "posts").code == 0)
        var stamped: [String: Data] = [:]
        for name in originals.keys { stamped[name] = try Data(contentsOf: expected.appendingPathComponent(name)) }

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
}
