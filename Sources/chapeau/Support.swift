public import ArgumentParser
import ChapeauApp
import Foundation

/// Options every command that reads the workspace takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The workspace's config file.",
        discussion: "Default: $CHAPEAU_CONFIG, else Config/chapeau.toml under the current folder.",
        valueName: "path"))
    var config: String?

    /// The workspace alone, for commands that need neither the clock nor the ledger.
    func workspace() throws -> Workspace {
        try Workspace.load(configPath: Workspace.configPath(option: config, environment: ProcessInfo.processInfo.environment,
                                                             cwd: FileManager.default.currentDirectoryPath))
    }

    /// The command's session: the workspace, the clock (`--now`, else `CHAPEAU_NOW`), the ledger opened once.
    func session(now: String? = nil) throws -> Session { try Session.load(config: config, now: now) }

    func treasurer() throws -> Treasurer { try session().treasurer() }
}

/// `--now`: the time a command runs as of (which periods are closed, the time on what it writes).
struct NowOption: ParsableArguments {
    @Option(help: ArgumentHelp("The time to run as of: 2026-12-01T08:00:00Z or 2026-12-01 (default: now).", valueName: "timestamp"))
    var now: String?
}

/// `--json` on lists and adds.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}

enum Output {
    static func line(_ s: String) { print(s) }

    static func json<T: Encodable>(_ value: T) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try e.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Prints what an `add` created: its id and a summary line, or the entry as JSON.
    static func created(_ ref: EntryRef, _ t: Treasurer, json: Bool) throws {
        guard let view = try t.view(ref) else { print(ref); return }
        if json { try Output.json(view) } else { print(view.line) }
    }
}

enum Failure {
    /// Prints the one `error:` line (or the help asked for) and gives the exit code.
    static func report(_ error: any Error) -> Int32 {
        if let code = error as? ArgumentParser.ExitCode { return code.rawValue }
        if let (code, message) = ExitStatus.known(error) {
            FileHandle.standardError.write(Data("error: \(ErrorLine.make(message))\n".utf8))
            return code
        }
        switch Chapeau.exitCode(for: error) {
        case .success:
            let message = Chapeau.fullMessage(for: error)
            if !message.isEmpty { print(message) }
            return 0
        case .validationFailure:
            let first = Chapeau.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            var message = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
            // `gift add -5` reads -5 as an option and only says an argument is missing: name the value.
            if let value = FreeText.arguments(Array(CommandLine.arguments.dropFirst())).first(where: cannotBeOption) {
                message = "'\(value)' reads as an option, not a value (\(message)): amounts are positive and dates never start with '-'; "
                    + "a label or description that starts with '-' goes after '--' (chapeau expense add -- \"-10 % promo\" 5)"
            }
            FileHandle.standardError.write(Data("error: \(ErrorLine.make(message)) (see --help)\n".utf8))
            return ExitStatus.usage
        default:
            let (code, message) = ExitStatus.of(error)
            FileHandle.standardError.write(Data("error: \(ErrorLine.make(message))\n".utf8))
            return code
        }
    }

    /// `-5`, `- 5`, `-12,50`, `-2026-01-01`, `--> see`, `-x y`: dashes then no letter, or a
    /// space, which no option is. (`--note=-2`, one argument, is an option with its value.)
    static func cannotBeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), !argument.hasPrefix("--") || !argument.contains("=") else { return false }
        let name = argument.drop { $0 == "-" }
        guard let next = name.first else { return false }
        return !next.isLetter || name.contains(where: \.isWhitespace)
    }
}

/// Options whose value is free text (notes, reasons, names, channels, campaigns, references,
/// categories): a value that starts with '-' is text, not an option (`--note "-10 % promo"`).
/// They are declared `parsing: .unconditional`; `arguments(_:)` covers the values
/// ArgumentParser reads before any option does (`--`, `---…`, `--help`, `-h`, `--version`).
enum FreeText {
    static let options: Set<String> = ["--author", "--name", "--address", "--channel", "--campaign", "--ref", "--note", "--reason", "--category"]

    /// The command line with `--note VALUE` written `--note=VALUE` when VALUE starts with '-',
    /// for every free-text option, up to a `--` that ends the options.
    static func arguments(_ args: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(args.count)
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" { return out + args[i...] }
            if options.contains(a), i + 1 < args.count, args[i + 1].hasPrefix("-") {
                out.append("\(a)=\(args[i + 1])")
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }
}

extension Visibility: ExpressibleByArgument {}
extension Recurrence: ExpressibleByArgument {}
extension OfferKind: ExpressibleByArgument {}
extension ListKind: ExpressibleByArgument {}

/// The one progress line of long commands (stamping, checking, importing): on standard error,
/// only when it is a terminal, shown after the first half second (short runs show nothing),
/// redrawn at most four times a second, erased at the end.
final class ProgressLine {
    private let label: String
    let enabled = isatty(STDERR_FILENO) == 1
    private let started = DispatchTime.now().uptimeNanoseconds
    private var last: UInt64 = 0
    private var drawn = false

    /// `label` starts the line: "Importing bank.csv", "Stamping".
    init(label: String) { self.label = label }
    convenience init(verb: String) { self.init(label: verb) }

    /// Redraws the line with `text` after the label, when it is time to.
    func draw(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - started > 500_000_000, now - last > 250_000_000 else { return }
        last = now
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label)\(text())".utf8))
    }

    /// Files done of all: "Stamping 120/1500 files…".
    func update(_ done: Int, _ total: Int) {
        guard total > 0 else { return }
        draw(" \(done)/\(total) files…")
    }

    /// An import's bytes and rows: "Importing bank.csv: 40 %, 1200 rows".
    func show(_ p: ImportProgress) {
        draw(":\(p.totalBytes > 0 ? " \(min(100, p.bytesRead * 100 / p.totalBytes)) %," : "") \(p.rows) rows")
    }

    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
