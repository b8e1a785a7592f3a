import Foundation
@testable import ChapeauApp
import ChapeauReports

/// A temporary workspace with a config and an article tree, removed when released.
final class FooterTree: Sendable {
    let root: URL
    let workspace: Workspace

    static let baseConfig = """
        [author]
        name = "Jeanne Martin"
        support_url = "https://example.org/soutenir"
        site_url = "https://example.org"

        [reports]
        base_url = "https://example.org/rapports"

        """

    /// - Parameters:
    ///   - footer: the `[footer]` table's lines.
    ///   - reports: more lines for the `[reports]` table (`carry_over = true`).
    init(footer: String = "articles = [\"content\"]\n", reports: String = "", scaffold: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chapeau-footer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let configPath = root.appendingPathComponent("Config/chapeau.toml").path
        if scaffold {
            _ = try Scaffold.initialise(at: root.path, authorName: "Jeanne Martin")
        } else {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Config"), withIntermediateDirectories: true)
            try Data((Self.baseConfig + reports + "\n[footer]\n" + footer).utf8).write(to: URL(fileURLWithPath: configPath))
        }
        workspace = try Workspace.load(configPath: configPath)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func write(_ relative: String, _ text: String) throws { try write(relative, Data(text.utf8)) }

    func write(_ relative: String, _ data: Data) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func bytes(_ relative: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(relative)) }

    func text(_ relative: String) throws -> String { String(decoding: try bytes(relative), as: UTF8.self) }

    func attributes(_ relative: String) throws -> [FileAttributeKey: Any] {
        try FileManager.default.attributesOfItem(atPath: path(relative))
    }

    func permissions(_ relative: String) throws -> Int { try attributes(relative)[.posixPermissions] as? Int ?? -1 }

    func modified(_ relative: String) throws -> Date? { try attributes(relative)[.modificationDate] as? Date }

    /// Sets the modification time of `relative` far in the past, so that any rewrite shows.
    func age(_ relative: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Self.longAgo], ofItemAtPath: path(relative))
    }

    static let longAgo = Date(timeIntervalSince1970: 1_000_000_000)

    func stamper(_ options: FooterOptions = FooterOptions(), live: PublicReport? = nil) throws -> FooterStamper {
        try FooterStamper(workspace: workspace, options: options, live: live, currentDirectory: root.path)
    }
}

extension FooterRun {
    /// Status by file name (the last path component).
    var statusByName: [String: ArticleStatus] {
        Dictionary(items.map { (($0.path as NSString).lastPathComponent, $0.status) }, uniquingKeysWith: { first, _ in first })
    }
}
