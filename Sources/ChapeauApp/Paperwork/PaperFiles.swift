import ChapeauCore
import ChapeauReports
import Foundation

/// Where paperwork goes: private files (mode 0600, folders 0700) under the workspace, never
/// into a folder that is published (`[reports] output` or a `directory` target of `[[publish]]`).
enum PaperFiles {
    /// The folder to write in: `--output`, else `default` under the workspace. Refused (usage, 64)
    /// when it is, or lies inside, a folder that is published.
    static func folder(_ option: String?, default fallback: String, workspace: Workspace, shown: String? = nil) throws -> String {
        let path = URL(fileURLWithPath: workspace.resolve(option ?? fallback)).standardizedFileURL.path
        var published = [workspace.config.reports.output]
        for target in workspace.config.publish where target.kind == .directory { if let p = target.path { published.append(p) } }
        for p in published {
            let root = URL(fileURLWithPath: workspace.resolve(p)).standardizedFileURL.path
            if path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
                throw AppError.usage("--output '\(shown ?? option ?? fallback)' is inside '\(p)', which is published: statements and receipts hold private data; write them elsewhere (default \(fallback))")
            }
        }
        return path
    }

    /// A file to write (relative paths against the current folder, as shells give them), refused
    /// inside a published folder; its folder must exist.
    static func file(_ option: String, workspace: Workspace) throws -> String {
        let path = URL(fileURLWithPath: option, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
            .standardizedFileURL.path
        let dir = (path as NSString).deletingLastPathComponent
        _ = try folder(dir, default: dir, workspace: workspace, shown: option)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw AppError.io("cannot write \(option): the folder \(dir) does not exist")
        }
        return path
    }

    /// Writes each file atomically with mode 0600 in `dir` (made 0700 when missing).
    static func write(_ files: [(name: String, data: Data)], in dir: String) throws -> [String] {
        try makeFolder(dir)
        var written: [String] = []
        for f in files {
            let path = (dir as NSString).appendingPathComponent(f.name)
            try AtomicFile.write(f.data, to: path, mode: 0o600)
            written.append(path)
        }
        return written
    }

    /// Makes `dir` (0700, with its parents) when it is missing.
    static func makeFolder(_ dir: String) throws {
        guard !FileManager.default.fileExists(atPath: dir) else { return }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw AppError.io("cannot create folder \(dir): \(error.localizedDescription)")
        }
    }

    /// A new private folder inside `dir` where files wait before they are moved into place:
    /// hidden, so nothing lists it as a document.
    static func staging(in dir: String) throws -> String {
        let path = (dir as NSString).appendingPathComponent(".staging-\(UUID().uuidString.lowercased())")
        try makeFolder(path)
        return path
    }

    /// The documents rendered a few hundred at a time (on every core, each batch in memory
    /// until it is written): the ranges of `count` items, in order.
    static func batches(_ count: Int, size: Int = 256) -> [Range<Int>] {
        stride(from: 0, to: count, by: size).map { $0..<min(count, $0 + size) }
    }

    /// Moves staged files into `dir` (same file system: each a rename, complete or absent).
    static func move(_ paths: [String], to dir: String) throws -> [String] {
        try paths.map { path in
            let target = (dir as NSString).appendingPathComponent((path as NSString).lastPathComponent)
            guard rename(path, target) == 0 else {
                throw AppError.io("cannot move \(path) to \(target): \(String(cString: strerror(errno)))")
            }
            return target
        }
    }

    /// Removes a staging folder and what is left in it.
    static func discard(_ staging: String) {
        try? FileManager.default.removeItem(atPath: staging)
    }

    static func json<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try e.encode(value)
        data.append(0x0A)
        return data
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> Data {
        var out = CSVCell.record(header)
        for r in rows { out += CSVCell.record(r.map { CSVCell.text($0) }) }
        return Data(out.utf8)
    }

    /// A year as typed: four digits, 1900 to 2999.
    static func year(_ value: Int) throws -> Int {
        guard (1900...2999).contains(value) else { throw AppError.invalid("--year \(value) is not a year: write it with four digits (e.g. 2026)") }
        return value
    }
}

/// An amount in JSON: integer minor units, unit, and the decimal text.
public struct PaperAmount: Sendable, Encodable, Equatable {
    public let unit: String
    public let amountMinor: Int64
    public let amount: String

    init(_ m: Money) { unit = m.unit.code; amountMinor = m.minor; amount = m.decimalString }

    enum CodingKeys: String, CodingKey { case unit, amountMinor = "amount_minor", amount }
}

/// French display of amounts and dates on paperwork.
enum PaperStyle {
    static let style = DisplayStyle(.fr)
    static func money(_ m: Money) -> String { style.money(m) }
    static func date(_ d: Day) -> String { style.date(d) }
    static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
}
