import Foundation
import Testing
@testable import ChapeauApp

/// The words of the schedule recipes, read back by the programs that read them.
@Suite("Schedule recipes: quoting")
struct ScheduleQuotingTests {
    static let words = ["/srv/plain/path", "/home/c/Mes documents", "/home/c/l'atelier", "/x/\"q\"/$HOME/`id`/a\\b/%d/;&|<>*?~#",
                        "/home/c/Éléments/été 2026", ""]

    @Test("/bin/sh reads each shell word back whole", arguments: words)
    func shellWord(_ word: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "printf '%s|' \(Schedule.shellWord(word))"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == word + "|", "sh split or expanded \(Schedule.shellWord(word))")
    }

    @Test("cron's % and systemd's specifiers and variables are escaped")
    func escapes() {
        #expect(Schedule.cronCommand("cd '/a%b' && x") == "cd '/a\\%b' && x")
        #expect(Schedule.systemdWord("/a b/%h/$X/\"q\"\\") == "\"/a b/%%h/$$X/\\\"q\\\"\\\\\"")
        #expect(Schedule.systemdPath("/a b/%h") == "/a b/%%h")
    }
}
