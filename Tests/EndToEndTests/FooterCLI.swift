import Foundation

/// The footer tests' view of the built `chapeau` binary: a workspace made with `chapeau init` in
/// `dir/ws`, files written and read relative to it, and every command given
/// `--config ws/Config/chapeau.toml`. Runs through `CLI` (same binary, clock and environment).
final class FooterCLI: Sendable {
    typealias Result = CLI.Result

    enum SetupError: Error, CustomStringConvertible {
        case failed(String)
        var description: String { switch self { case .failed(let m): m } }
    }

    private let cli: CLI
    /// The temporary folder; the workspace is `dir/ws`.
    var dir: URL { cli.dir }
    var workspace: URL { dir.appendingPathComponent("ws") }
    var configPath: String { workspace.appendingPathComponent("Config/chapeau.toml").path }

    init() throws {
        cli = try CLI(initialise: false)
        let made = run(["init", workspace.path], config: false)
        guard made.code == 0 else { throw SetupError.failed("chapeau init exited \(made.code): \(made.err)") }
    }

    /// A path under the workspace.
    func path(_ relative: String) -> String { workspace.appendingPathComponent(relative).path }

    /// Writes a file under the workspace, creating its folders.
    func write(_ relative: String, _ text: String) throws {
        let url = workspace.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: workspace.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Runs `chapeau ARGS… --config CONFIG` in `dir`, with the clock fixed.
    @discardableResult
    func run(_ args: [String], config: Bool = true) -> Result {
        cli.run(args + (config ? ["--config", configPath] : []))
    }

    /// Parses `text` as a JSON object.
    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw SetupError.failed("not a JSON object: \(text)")
        }
        return object
    }
}
