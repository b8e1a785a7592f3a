import Foundation
import Synchronization
import Testing

/// Runs `body(0)` … `body(count - 1)` at once, each on its own thread (so that the processes
/// they start run side by side), and waits for all; results in order.
func atOnce<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T?] {
    let results = Mutex([T?](repeating: nil, count: count))
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        Thread {
            let r = body(i)
            results.withLock { $0[i] = r }
            group.leave()
        }.start()
    }
    group.wait()
    return results.withLock { $0 }
}

extension CLI {
    /// Runs every command at once, each in its own process; results in order.
    func runAtOnce(_ commands: [[String]]) -> [Result] {
        atOnce(commands.count) { [self] i in run(commands[i]) }.map { $0 ?? Result(code: -1, out: "", err: "did not run") }
    }
}

@Suite("Concurrent writers lose nothing")
struct ConcurrencyTests {
    @Test("Gift adds, an import and the job at once: every gift recorded, the chain intact, nobody told 'database is locked'")
    func writersAtOnce() throws {
        let cli = try CLI()
        let rows = 20_000
        let csv = cli.dir.appendingPathComponent("gifts.csv")
        try writeGenericCSV(csv, rows: rows)
        let adds = 12
        var commands: [[String]] = [["import", csv.path, "--format", "generic"], ["run", "--now", "2026-11-20T08:00:00Z"]]
        for i in 0..<adds {
            commands.insert(["gift", "add", "\(i + 1),25 €", "--date", "2026-11-\(10 + i)", "--channel", "cash"], at: i % 3)
        }
        commands.append(["supporter", "add", "late-comer", "--email", "late@example.org"])
        let results = cli.runAtOnce(commands)
        for (args, r) in zip(commands, results) {
            // 75 would mean waiting was pointless; nothing here holds the ledger that long.
            #expect(r.code == 0, "\(args.joined(separator: " ")) exited \(r.code): \(r.err)")
            #expect(!r.err.localizedCaseInsensitiveContains("database is locked"), "\(args): \(r.err)")
            #expect(!r.err.localizedCaseInsensitiveContains("busy"), "\(args): \(r.err)")
        }
        #expect(try LedgerFile.count(cli.ledger) == rows + adds)
        #expect(try LedgerFile.count(cli.ledger, type: "supporter") == 1)
        let verify = cli.run("verify")
        #expect(verify.code == 0, "\(verify.out)")
        // A second round of adds against a job that runs again: still nothing lost.
        let more = cli.runAtOnce((0..<6).map { ["gift", "add", "3", "--date", "2026-10-0\($0 + 1)"] } + [["run", "--now", "2026-11-21T08:00:00Z"]])
        #expect(more.allSatisfy { $0.code == 0 }, "\(more.map(\.err))")
        #expect(try LedgerFile.count(cli.ledger) == rows + adds + 6)
        #expect(cli.run("verify").code == 0)
    }
}
