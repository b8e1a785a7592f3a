public import ArgumentParser
import ChapeauApp
import ChapeauStore
import ChapeauCore
import Foundation

/// Options every command that reads the workspace takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The workspace's config file.",
        discussion: "Default: $CHAPEAU_CONFIG, else Config/chapeau.toml under the current folder.",
        valueName: "path"))
    var config: String?

    func workspace() throws -> Workspace {
        let env = ProcessInfo.processInfo.environment
        return try Workspace.load(configPath: Workspace.configPath(option: config, environment: env,
                                                                   cwd: FileManager.default.currentDirectoryPath))
    }

    func treasurer() throws -> Treasurer {
        let ws = try workspace()
        return try Treasurer(workspace: ws, now: try Clock.now(environment: ProcessInfo.processInfo.environment, timeZone: ws.timeZone))
    }
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
            if let value = CommandLine.arguments.dropFirst().first(where: looksNegative) {
                message = "'\(value)' reads as an option, not a value (\(message)): amounts are positive and dates never start with '-'"
            }
            FileHandle.standardError.write(Data("error: \(ErrorLine.make(message)) (see --help)\n".utf8))
            return ExitStatus.usage
        default:
            let (code, message) = ExitStatus.of(error)
            FileHandle.standardError.write(Data("error: \(ErrorLine.make(message))\n".utf8))
            return code
        }
    }

    /// `-5`, `- 5`, `-12,50`, `-2026-01-01`: a dash then no letter, which no option is.
    static func looksNegative(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), !argument.hasPrefix("--"), let next = argument.dropFirst().first else { return false }
        return !next.isLetter
    }
}

extension Visibility: ExpressibleByArgument {}
extension Recurrence: ExpressibleByArgument {}
extension OfferKind: ExpressibleByArgument {}
extension ListKind: ExpressibleByArgument {}
