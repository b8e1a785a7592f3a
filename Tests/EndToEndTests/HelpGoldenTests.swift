import Foundation
import Testing

/// Every command's `--help`, pinned: the tree is walked from the root command's configuration
/// (as the binary dumps it), so a new subcommand without a golden file fails, and so does a
/// golden file whose command is gone.
@Suite("Help text and error lines, pinned")
struct HelpGoldenTests {
    /// Every command path under `chapeau`, the root first (`[]`), nested subcommands included;
    /// the automatic `help` subcommand aside.
    static func commandPaths() throws -> [[String]] {
        let cli = try CLI(initialise: false)
        let r = cli.run("--experimental-dump-help")
        guard r.code == 0, let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any],
              let root = json["command"] as? [String: Any] else {
            throw CLIError.setup("chapeau --experimental-dump-help: \(r.code) \(r.err)")
        }
        var paths: [[String]] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            paths.append(path)
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = sub["commandName"] as? String, name != "help" else { continue }
                walk(sub, path + [name])
            }
        }
        walk(root, [])
        return paths
    }

    static func helpFile(_ path: [String]) -> String { "help-" + CLIGolden.slug(["chapeau"] + path) + ".txt" }

    /// `chapeau … --help` at 80 columns, outside any workspace.
    static func help(_ path: [String], in cli: CLI) -> CLI.Result {
        cli.env["COLUMNS"] = "80"
        return cli.run(path + ["--help"])
    }

    @Test("Every command, nested, has a help text at 80 columns that matches its golden file")
    func everyHelp() throws {
        let paths = try Self.commandPaths()
        #expect(paths.count > 20, "the walk found only \(paths)")
        let cli = try CLI(initialise: false)
        for path in paths {
            let r = Self.help(path, in: cli)
            #expect(r.code == 0, "chapeau \(path.joined(separator: " ")) --help: \(r.err)")
            #expect(r.err.isEmpty)
            CLIGolden.check(r.out, against: Self.helpFile(path))
        }
    }

    @Test("Every golden file belongs to a command or to a refusal of the CLI table")
    func noStrayGoldenFile() throws {
        var expected = Set(try Self.commandPaths().map(Self.helpFile))
        let refusals = CLITests.cases.filter(\.isRefusal)
        let names = refusals.map(\.goldenFile)
        #expect(Set(names).count == names.count, "two refusals share a golden file: \(names)")
        expected.formUnion(names)
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: CLIGolden.directory.path)) ?? [])
            .filter { $0.hasSuffix(".txt") }
        #expect(present.subtracting(expected).isEmpty, "golden files for nothing: \(present.subtracting(expected).sorted())")
        if !CLIGolden.isRecording {
            #expect(expected.subtracting(present).isEmpty, "missing golden files: \(expected.subtracting(present).sorted())")
        }
    }
}

extension CLITests.Case {
    /// A refusal: an exit code other than 0 (done) and 1 (a check found problems).
    var isRefusal: Bool { code != 0 && code != 1 }

    var goldenFile: String { "error-" + CLIGolden.slug(args) + ".txt" }
}
