import ArgumentParser
import ChapeauApp
import Foundation

struct QRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Write the QR code of a SEPA bank transfer to you (EPC069-12), as an SVG image.",
        discussion: """
        A banking app scans it and fills in the transfer: your name ([author] name), your IBAN and \
        BIC ([author] iban and bic, required), the amount if given (in euros: the code knows no \
        other currency) and, with --supporter, that supporter's payment reference, so that the \
        credit on your bank statement is recorded as their gift on import. A bank transfer in \
        euros within SEPA costs the giver and you nothing.
        Example: chapeau qr --supporter marie --amount "5 €" --output qr-marie.svg
        """)

    @Option(help: "The amount in euros (default: the giver chooses).") var amount: String?
    @Option(help: "The supporter's handle: the code carries their payment reference.") var supporter: String?
    @Option(help: "The SVG file to write (replaced atomically).") var output: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var json: JSONFlag

    func run() throws {
        let session = try global.session()
        let written = try TransferQR.write(workspace: session.workspace, now: session.now, amount: amount, supporter: supporter, output: output)
        if json.json { try Output.json(written) } else { print(written.line) }
    }
}
