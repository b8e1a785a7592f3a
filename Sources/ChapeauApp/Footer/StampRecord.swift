import Crypto
import Foundation

/// What a file looked like to the file system when it was read or written: enough to tell, on
/// the next run, that it has not been touched since.
///
/// The change time (`ctime`) is the one the kernel sets on every write, rename and change of
/// modification time, and that no program can set back: a file edited and given back its size
/// and modification time still shows a new change time (and a file replaced by another, a new
/// inode). What this cannot see: a change made within the same clock tick as the state that was
/// recorded (see `StampRecord.racyWindow`), or one on a file system that keeps no change time.
struct FileState: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modified: Int64
    let changed: Int64
    let mode: UInt32

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        mode = UInt32(info.st_mode)
    }

    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64, mode: UInt32) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
        self.mode = mode
    }

    /// The state of the file at `path` (links followed), or nil when it cannot be seen.
    static func of(_ path: String) -> FileState? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileState(info)
    }
}

/// The record `footer stamp` and `chapeau run` keep of the articles they found current: for each
/// file, its state after the run and what it was (current, opted out). A file whose state is
/// still the same, under the same footer (template, wording, figures, URL settings: the
/// `fingerprint`), needs nothing and is not read again.
///
/// It lives with the workspace's state, next to the ledger (`footer-stamps`, mode 0600), never in
/// the article tree; it is written atomically at the end of a run, so a run killed midway leaves
/// the previous record, whose states no longer match the files the run rewrote. A record that
/// cannot be read, is truncated or does not add up to its checksum is treated as empty: the next
/// run reads every file, as without a record. `footer check` never uses it: a check reads every
/// article.
struct StampRecord: Sendable {
    struct Entry: Equatable, Sendable {
        let state: FileState
        let status: ArticleStatus
    }

    /// The file name, in the folder holding the ledger.
    static let fileName = "footer-stamps"
    static let header = "chapeau footer-stamps 1"
    /// A state recorded less than this before the record was written may hide a change made in
    /// the same clock tick: such an entry is not trusted (the file is read again).
    static let racyWindow: Int64 = 50_000_000

    /// Only these outcomes are remembered: the others are read again every time.
    static let remembered: Set<ArticleStatus> = [.current, .disabled]

    let fingerprint: String
    /// By key (`key(realPath:treeRoot:)`).
    private(set) var entries: [String: Entry] = [:]
    /// Whether the entries differ from the file's (nothing to write otherwise).
    private(set) var changed = true

    init(fingerprint: String) {
        self.fingerprint = fingerprint
    }

    /// The key of one file: its real path and the tree it was found in (its URL may depend on it).
    static func key(realPath: String, treeRoot: String) -> String { realPath + "\t" + treeRoot }

    func entry(_ key: String) -> Entry? { entries[key] }

    mutating func set(_ key: String, _ entry: Entry?) {
        guard entries[key] != entry else { return }
        entries[key] = entry
        changed = true
    }

    /// Forgets the files under `roots` whose real path is not in `seen`: gone, or no longer articles.
    mutating func forget(under roots: [String], keeping seen: Set<String>) {
        for key in entries.keys {
            let path = String(key.prefix { $0 != "\t" })
            if !seen.contains(path), roots.contains(where: { FileSystem.isInside(path, $0) }) {
                entries[key] = nil
                changed = true
            }
        }
    }

    // MARK: - The file

    /// Reads the record at `path` for `fingerprint`: empty when it is missing, unreadable,
    /// malformed, for another fingerprint, or does not match its checksum.
    static func load(path: String, fingerprint: String) -> StampRecord {
        var record = StampRecord(fingerprint: fingerprint)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return record }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0, info.st_size < 1 << 30 else { return record }
        let written = FileState(info).modified
        guard let bytes = ArticleIO.readAll(fd, size: Int(info.st_size)) else { return record }
        // The last line is `end <sha256 of everything before it>`.
        guard bytes.last == 0x0A, let lastBreak = bytes.dropLast().lastIndex(of: 0x0A) else { return record }
        let body = bytes[..<(lastBreak + 1)]
        let trailer = String(decoding: bytes[(lastBreak + 1)..<(bytes.count - 1)], as: UTF8.self)
        guard trailer == "end " + Self.checksum(body) else { return record }
        let lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 2, String(decoding: lines[0], as: UTF8.self) == header,
              String(decoding: lines[1], as: UTF8.self) == "fingerprint " + fingerprint else { return record }
        var untrusted = false
        for line in lines.dropFirst(2) where !line.isEmpty {
            // device inode size modified changed mode status TAB realPath TAB treeRoot
            let fields = line.split(separator: 0x09, maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2 else { return StampRecord(fingerprint: fingerprint) }
            let numbers = fields[0].split(separator: 0x20)
            guard numbers.count == 7,
                  let device = UInt64(String(decoding: numbers[0], as: UTF8.self)),
                  let inode = UInt64(String(decoding: numbers[1], as: UTF8.self)),
                  let size = Int64(String(decoding: numbers[2], as: UTF8.self)),
                  let modified = Int64(String(decoding: numbers[3], as: UTF8.self)),
                  let changed = Int64(String(decoding: numbers[4], as: UTF8.self)),
                  let mode = UInt32(String(decoding: numbers[5], as: UTF8.self)),
                  let status = ArticleStatus(rawValue: String(decoding: numbers[6], as: UTF8.self)),
                  remembered.contains(status)
            else { return StampRecord(fingerprint: fingerprint) }
            // Too close to the moment the record was written to rule out a change in the same tick.
            if changed > written - racyWindow || modified > written - racyWindow {
                untrusted = true
                continue
            }
            let state = FileState(device: device, inode: inode, size: size, modified: modified, changed: changed, mode: mode)
            record.entries[String(decoding: fields[1], as: UTF8.self)] = Entry(state: state, status: status)
        }
        // Read back whole: unless entries were left out, writing it again would change nothing.
        record.changed = untrusted
        return record
    }

    /// Writes the record atomically at `path`, mode 0600.
    func save(path: String) throws {
        var text = Self.header + "\nfingerprint " + fingerprint + "\n"
        for key in entries.keys.sorted() {
            guard let entry = entries[key], !key.contains("\n") else { continue }
            let s = entry.state
            text += "\(s.device) \(s.inode) \(s.size) \(s.modified) \(s.changed) \(s.mode) \(entry.status.rawValue)\t\(key)\n"
        }
        let body = Array(text.utf8)
        let data = Data(body + Array(("end " + Self.checksum(body[...]) + "\n").utf8))
        try AtomicFile.write(data, to: path, mode: 0o600)
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> String {
        SHA256.hash(data: bytes).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// A digest of everything that goes into footers besides an article's own file.
    static func fingerprint(_ parts: [String]) -> String {
        var hasher = SHA256()
        for part in parts {
            hasher.update(data: Array(part.utf8) + [0])
        }
        return hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Reading and replacing article files with the state that goes with their bytes.
enum ArticleIO {
    /// The whole content of an open file whose size is about `size`.
    static func readAll(_ fd: Int32, size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: Swift.max(size, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: Swift.max(4096, count))) }
            let n = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(fd, buffer.baseAddress.map { $0 + count }, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// The bytes of the file at `path` and its state as they were read, or the reason they could not be.
    static func contents(_ path: String) -> Result<(bytes: [UInt8], state: FileState), ArticleIOError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ArticleIOError(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ArticleIOError(errno)) }
        guard let bytes = readAll(fd, size: Int(info.st_size)) else { return .failure(ArticleIOError(errno)) }
        return .success((bytes, FileState(info)))
    }

    /// Replaces the file at `path` with `bytes` so that it appears whole or not at all: a
    /// temporary file in the same folder with the same permissions, flushed, renamed over it.
    /// Returns the new file's state.
    static func replace(_ path: String, with bytes: [UInt8], mode: UInt32) -> Result<FileState, ArticleIOError> {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temp = folder + "/.\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let permissions = mode_t(mode & 0o7777)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { return .failure(ArticleIOError(errno)) }
        var failure: Int32?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let n = write(fd, base + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { failure = n < 0 ? errno : EIO; return }
                offset += n
            }
        }
        // The creation mode went through the umask: give the file its permissions back.
        if failure == nil, fchmod(fd, permissions) != 0 { failure = errno }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        if failure == nil, rename(temp, path) != 0 { failure = errno }
        var info = stat()
        if failure == nil, fstat(fd, &info) != 0 { failure = errno }
        close(fd)
        if let failure {
            unlink(temp)
            return .failure(ArticleIOError(failure))
        }
        return .success(FileState(info))
    }
}

/// Why a file could not be read or written: the system's words.
struct ArticleIOError: Error {
    let reason: String

    init(_ code: Int32) { reason = String(cString: strerror(code)) }
}
