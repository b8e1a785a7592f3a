// chapeau — the command line. Thin: parses arguments, calls ChapeauApp, prints, exits.
// Exit codes and messages: `ExitStatus` in ChapeauApp, listed in README.md "A short tour"
// (errors are one `error:` line on stderr).
import ArgumentParser
import ChapeauApp
import Foundation

/// Calls the async `run()` of a command (on the existential, the synchronous default would win).
func runAsync<C: AsyncParsableCommand>(_ command: C) async throws {
    var command = command
    try await command.run()
}

do {
    var command = try Chapeau.parseAsRoot(FreeText.arguments(Array(CommandLine.arguments.dropFirst())))
    if let asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(asyncCommand)
    } else {
        try command.run()
    }
    exit(0)
} catch {
    exit(Failure.report(error))
}
