// chapeau — the command line. Thin: parses arguments, calls ChapeauApp, prints, exits.
// Exit codes and messages: PRODUCT.md §3 (errors are one `error:` line on stderr).
import ArgumentParser
import ChapeauApp
import Foundation

do {
    var command = try Chapeau.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
    } else {
        try command.run()
    }
    exit(0)
} catch {
    exit(Failure.report(error))
}
