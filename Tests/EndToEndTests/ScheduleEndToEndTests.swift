import Foundation
import Testing

/// `chapeau schedule print` recipes run as printed, from a workspace whose path holds a space
/// and a quote, with `chapeau` itself in such a folder: the crontab line is run by `/bin/sh` as
/// cron runs it, the systemd service is read by `systemd-analyze verify`.
@Suite("Schedule recipes run as printed")
struct ScheduleEndToEndTests {
    /// A workspace at `<tmp>/l'atelier de Camille`, publishing to a local server with a token
    /// kept in `data/chapeau.env`; `chapeau` linked as `<tmp>/mes outils/chapeau`.
    struct Setup {
        let cli: CLI
        let root: URL
        let binary: String
        let server: TestHTTPServer
        var config: String { root.appendingPathComponent("Config/chapeau.toml").path }

        init() throws {
            cli = try CLI(initialise: false)
            root = cli.dir.appendingPathComponent("l'atelier de Camille")
            server = try TestHTTPServer()
            let tools = cli.dir.appendingPathComponent("mes outils")
            try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
            binary = tools.appendingPathComponent("chapeau").path
            do { try FileManager.default.linkItem(atPath: CLI.binary, toPath: binary) }
            catch { try FileManager.default.copyItem(atPath: CLI.binary, toPath: binary) }
            let made = cli.run("init", root.path)
            guard made.code == 0 else { throw CLIError.setup("init: \(made.err)") }
            var text = try String(contentsOfFile: config, encoding: .utf8)
            if let range = text.range(of: "[[publish]]") { text = String(text[..<range.lowerBound]) }
            text += "[[publish]]\nkind = \"http\"\nurl = \"\(server.baseURL)/dav/\"\ntoken_env = \"CHAPEAU_TOKEN\"\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: config))
            try Data("CHAPEAU_TOKEN=s3cret-token\n".utf8).write(to: root.appendingPathComponent("data/chapeau.env"))
            let gift = cli.run("gift", "add", "12", "--date", "2026-10-03", "--config", config)
            guard gift.code == 0 else { throw CLIError.setup("gift: \(gift.err)") }
        }

        /// `schedule print` as the linked binary prints it.
        func recipe(_ kind: String) throws -> String {
            let r = try ExternalTool.run(binary, ["schedule", "print", kind, "--config", config], in: cli.dir)
            guard r.code == 0 else { throw CLIError.setup("schedule print \(kind): \(r.err)") }
            return r.out
        }
    }

    /// The command of a crontab line as cron gives it to `/bin/sh -c`: after the five time
    /// fields, with each `\%` turned into `%`.
    func cronCommand(_ line: String) -> String {
        var rest = Substring(line)
        for _ in 0..<5 {
            rest = rest.drop { $0 != " " }.drop { $0 == " " }
        }
        return String(rest).replacingOccurrences(of: "\\%", with: "%")
    }

    func sh(_ command: String, in dir: URL) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        // cron's environment: no token of the user's shell, nothing of the tests'.
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": dir.path, "SHELL": "/bin/sh", "CHAPEAU_NOW": "2026-11-20T10:00:00Z"]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test("the crontab line, run by /bin/sh, runs chapeau in the workspace with the token exported")
    func cronLineRuns() throws {
        let s = try Setup()
        defer { s.server.stop() }
        let text = try s.recipe("--cron")
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("17 * * * * ") }.map(String.init), "\(text)")
        #expect(line.contains("set -a && . "), "the environment file is sourced with its variables exported")
        let code = try sh(cronCommand(line), in: s.cli.dir)
        #expect(code == 0, "the printed line failed (\(code)); log: \((try? String(contentsOf: s.root.appendingPathComponent("data/run.log"), encoding: .utf8)) ?? "none")")
        let log = try String(contentsOf: s.root.appendingPathComponent("data/run.log"), encoding: .utf8)
        #expect(!log.contains("is not set"), "\(log)")
        #expect(FileManager.default.fileExists(atPath: s.root.appendingPathComponent("Reports/2026-10/index.html").path))
        let puts = s.server.requests.filter { $0.method == "PUT" }
        #expect(puts.contains { $0.path == "/dav/2026-10/report.json" })
        #expect(!puts.isEmpty && puts.allSatisfy { $0.headers["authorization"] == "Bearer s3cret-token" })
        #expect(!log.contains("s3cret-token"))

        // The same line sourcing the file without exporting (the recipe as it used to be): the
        // token never reaches chapeau, and the run says so.
        let unexported = line.replacingOccurrences(of: "set -a && ", with: "").replacingOccurrences(of: " && set +a", with: "")
        #expect(unexported != line)
        let sent = puts.count
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("data/run.log"))
        // A new gift, so that there is something to send.
        #expect(s.cli.run("gift", "add", "3", "--date", "2026-11-19", "--config", s.config).code == 0)
        #expect(try sh(cronCommand(unexported), in: s.cli.dir) != 0)
        #expect(try String(contentsOf: s.root.appendingPathComponent("data/run.log"), encoding: .utf8)
            .contains("CHAPEAU_TOKEN (token_env) is not set"))
        #expect(s.server.requests.filter { $0.method == "PUT" }.count == sent)
    }

    @Test("the systemd service passes systemd-analyze verify, and would not with its paths unquoted")
    func systemdServiceVerifies() throws {
        let s = try Setup()
        defer { s.server.stop() }
        guard let analyze = ExternalTool.find("systemd-analyze") else {
            Issue.record("systemd-analyze is not on PATH, so the service was not checked: install systemd (apt-get install systemd)")
            return
        }
        let text = try s.recipe("--systemd")
        let service = try #require(text.components(separatedBy: "# ~/.config/systemd/user/chapeau.timer").first)
        let timer = String(text.dropFirst(service.count))
        #expect(service.contains("ExecStart=\"\(s.binary)\" run --config \"\(s.config)\"\n"))
        #expect(service.contains("WorkingDirectory=\(s.root.path)\n"))
        #expect(service.contains("EnvironmentFile=\(s.root.path)/data/chapeau.env\n"))
        let folder = s.cli.dir.appendingPathComponent("unités systemd")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let servicePath = folder.appendingPathComponent("chapeau.service").path
        try Data(service.utf8).write(to: URL(fileURLWithPath: servicePath))
        try Data(timer.utf8).write(to: folder.appendingPathComponent("chapeau.timer"))
        let ok = try ExternalTool.run(analyze, ["verify", "--man=no", servicePath], in: folder)
        #expect(ok.code == 0, "\(ok.out)\(ok.err)")
        let timerCheck = try ExternalTool.run(analyze, ["verify", "--man=no", folder.appendingPathComponent("chapeau.timer").path], in: folder)
        #expect(timerCheck.code == 0, "\(timerCheck.out)\(timerCheck.err)")
        // The check really checks: the same service with the executable unquoted is refused.
        let unquoted = service.replacingOccurrences(of: "ExecStart=\"\(s.binary)\"", with: "ExecStart=\(s.binary)")
        #expect(unquoted != service)
        try Data(unquoted.utf8).write(to: URL(fileURLWithPath: servicePath))
        let bad = try ExternalTool.run(analyze, ["verify", "--man=no", servicePath], in: folder)
        #expect(bad.code != 0)
    }
}
