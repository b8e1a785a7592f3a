import Foundation
import ChapeauFooter

/// The article files found under the paths a user gave: walked recursively, in a stable order.
///
/// - Files whose extension is a `FileKind`'s (`.md`, `.markdown`, `.html`, `.htm`, `.txt`) are
///   articles, and so are WordPress export files (`.xml` holding the WXR namespace); other files (and anything that is not a regular file) are skipped and counted.
/// - Names starting with `.` (`.git`, editors' temporary files) are ignored altogether.
/// - When stamping and checking, the folders where generators keep templates, not articles
///   (`_layouts`, `_includes`, `layouts`, `themes`…, see `templateFolders`) and their generated
///   output (`_site`) are not walked, and MDX files (`.mdx`, whose
///   JSX a marker could break) are not stamped: both are listed in `skipped`, with the reason.
/// - A symbolic link is followed only when its target lies inside the tree given on the command
///   line; one that leaves it (or leads nowhere) is listed in `notFollowed`. A file reached twice
///   (through a link, or two overlapping paths) is listed once, under its own name when the walk
///   reaches it; writes go to the real file, so links stay links.
public struct ArticleTree: Sendable, Equatable {
    /// One article file.
    public struct File: Sendable, Equatable {
        /// The path as the user would write it: the given path, then the names walked.
        public let path: String
        /// The file's real path (symbolic links resolved): what is read and written.
        public let realPath: String
        /// The real path of the tree it was found in, for URLs relative to that tree.
        public let treeRoot: String
        let kind: FileKind
        /// A WordPress export (`.xml`): each published post's content is an HTML article.
        var isWordPressExport = false
    }

    /// A given path that could not be walked: it does not exist, or a folder is unreadable.
    public struct Problem: Sendable, Equatable {
        public let path: String
        public let message: String
    }

    public var files: [File] = []
    /// Files skipped because they are not articles.
    public var otherFiles = 0
    /// Symbolic links not followed because they lead out of the given tree (or nowhere).
    public var notFollowed: [String] = []
    public var problems: [Problem] = []
    /// Folders and files passed over on purpose, with the reason (templates, MDX).
    public var skipped: [Problem] = []
    /// Folders and files an exclude pattern matched, with the pattern.
    public var excluded: [Problem] = []

    /// Folders that hold templates (Jekyll, Hugo, Eleventy, Zola themes and layouts) or a
    /// generator's output, never articles.
    public static let templateFolders: Set<String> = [
        "_layouts", "_includes", "_partials", "_sass", "_data", "_plugins", "_site", "_templates",
        "layouts", "partials", "themes", "templates", "node_modules",
    ]

    /// Walks every path (files or folders, relative to the current folder or absolute); with
    /// `skippingTemplates`, template folders and MDX files are listed in `skipped` instead, and
    /// so are the files and folders an `excluding` pattern matches (a folder's content is then
    /// not walked).
    public init(walking paths: [String], skippingTemplates: Bool = false, excluding: [ExcludePattern] = []) {
        var walker = Walker()
        walker.skippingTemplates = skippingTemplates
        walker.excluding = excluding
        for path in paths {
            walker.walk(given: path)
        }
        self = walker.tree
    }

    private init() {}

    private struct Walker {
        var tree = ArticleTree()
        var seenFiles: Set<String> = []
        var seenFolders: Set<String> = []
        /// Links inside the tree, followed once the tree itself is walked: what they lead to is
        /// then listed under its own name, and only what the walk could not reach is added.
        var pendingLinks: [(display: String, path: String, root: String)] = []
        var skippingTemplates = false
        var excluding: [ExcludePattern] = []

        /// The pattern that excludes `real` (a path under `root`, shown as `display`), if any: a
        /// path pattern may be written under the folder given or as the user wrote the path.
        func exclusion(_ real: String, display: String, root: String) -> ExcludePattern? {
            guard !excluding.isEmpty else { return nil }
            let name = (real as NSString).lastPathComponent
            let relative = real.hasPrefix(root + "/") ? String(real.dropFirst(root.count + 1)) : name
            let shown = display.hasPrefix("./") ? String(display.dropFirst(2)) : display
            return excluding.first { $0.matches(relative: relative, name: name) || $0.matches(relative: shown, name: name) }
        }

        mutating func walk(given: String) {
            let display = given.count > 1 && given.hasSuffix("/") ? String(given.dropLast()) : given
            guard let root = FileSystem.realPath(given) else {
                tree.problems.append(Problem(path: display, message: "no such file or folder"))
                return
            }
            switch FileSystem.kind(atPath: root, followingLinks: true) {
            case .folder: folder(display: display, real: root, root: root)
            case .file: file(display: display, real: root, root: (root as NSString).deletingLastPathComponent)
            case .other, .link, .none: tree.otherFiles += 1
            }
            while !pendingLinks.isEmpty {
                let next = pendingLinks.removeFirst()
                link(display: next.display, path: next.path, root: next.root)
            }
        }

        mutating func folder(display: String, real: String, root: String) {
            guard seenFolders.insert(real).inserted else { return }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: real)
            } catch {
                tree.problems.append(Problem(path: display, message: "cannot read this folder (check its permissions)"))
                return
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let childDisplay = display == "/" ? "/" + name : display + "/" + name
                let child = real == "/" ? "/" + name : real + "/" + name
                if let pattern = exclusion(child, display: childDisplay, root: root) {
                    tree.excluded.append(Problem(path: childDisplay, message: "matches '\(pattern.text)'"))
                    continue
                }
                switch FileSystem.kind(atPath: child, followingLinks: false) {
                case .folder where skippingTemplates && ArticleTree.templateFolders.contains(name):
                    tree.skipped.append(Problem(path: childDisplay, message: "a folder of templates or generated pages, not articles"))
                case .folder: folder(display: childDisplay, real: child, root: root)
                case .file: file(display: childDisplay, real: child, root: root)
                case .link: pendingLinks.append((childDisplay, child, root))
                case .other, .none: tree.otherFiles += 1
                }
            }
        }

        mutating func link(display: String, path: String, root: String) {
            guard let target = FileSystem.realPath(path), FileSystem.isInside(target, root) else {
                tree.notFollowed.append(display)
                return
            }
            switch FileSystem.kind(atPath: target, followingLinks: false) {
            case .folder: folder(display: display, real: target, root: root)
            case .file: file(display: display, real: target, root: root)
            case .other, .link, .none: tree.otherFiles += 1
            }
        }

        mutating func file(display: String, real: String, root: String) {
            guard seenFiles.insert(real).inserted else { return }
            // (The last byte first: lower-casing every path costs more than the rest of the walk.)
            if real.utf8.last.map({ $0 | 0x20 == UInt8(ascii: "l") }) == true, real.lowercased().hasSuffix(".xml") {
                guard ArticleTree.isWordPressExport(real) else {
                    tree.otherFiles += 1
                    return
                }
                var export = File(path: display, realPath: real, treeRoot: root, kind: .html)
                export.isWordPressExport = true
                tree.files.append(export)
                return
            }
            guard let kind = FileKind.forPath(real) else {
                if skippingTemplates, real.utf8.last.map({ $0 | 0x20 == UInt8(ascii: "x") }) == true,
                   real.lowercased().hasSuffix(".mdx") {
                    tree.skipped.append(Problem(path: display, message: "an MDX file (Markdown with JSX): not stamped, add the footer by hand"))
                    return
                }
                tree.otherFiles += 1
                return
            }
            tree.files.append(File(path: display, realPath: real, treeRoot: root, kind: kind))
        }
    }
}

/// A file or folder the footer commands leave alone (`--exclude`, `[footer] exclude`), in the
/// manner of `.gitignore`: a pattern without `/` is matched against every name (`drafts`,
/// `*.draft.md`); one with `/` against the path under the folder given (`posts/2019/*`, `*`
/// never crossing a `/`). A trailing `/` is ignored.
public struct ExcludePattern: Sendable, Equatable {
    public let text: String
    private let glob: String
    private let onPath: Bool

    /// nil for an empty pattern or one that could match nothing (`/`).
    public init?(_ text: String) {
        var glob = text.trimmingCharacters(in: .whitespaces)
        while glob.hasSuffix("/") { glob.removeLast() }
        while glob.hasPrefix("/") { glob.removeFirst() }
        guard !glob.isEmpty, !glob.contains("\u{0}") else { return nil }
        self.text = text
        self.glob = glob
        onPath = glob.contains("/")
    }

    func matches(relative: String, name: String) -> Bool {
        onPath ? fnmatch(glob, relative, FNM_PATHNAME) == 0 : fnmatch(glob, name, 0) == 0
    }
}

extension ArticleTree {
    /// Whether the `.xml` file at `path` is a WordPress export, from its first 4 KiB.
    static func isWordPressExport(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096) else { return false }
        return WXR.isExport(head)
    }
}

/// The few POSIX file-system questions the walk asks.
enum FileSystem {
    enum Kind { case file, folder, link, other }

    /// The absolute path with every symbolic link resolved, or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func kind(atPath path: String, followingLinks: Bool) -> Kind? {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// Whether `path` is `root` or lies under it (both real paths).
    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root == "/" ? "/" : root + "/")
    }
}
