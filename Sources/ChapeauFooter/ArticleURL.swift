/// The canonical URL of an article, the link its footer gives for attribution.
///
/// In order:
/// 1. front matter `canonical_url`, then `url`, then `permalink` (a path with no template
///    placeholder): taken as they are when absolute (`https://…`), else resolved against the site
///    base (`/2023/11/x/` → `https://example.org/2023/11/x/`); in HTML, `<link rel="canonical">`;
/// 2. the `[footer] permalink` pattern when set, e.g. `/{year}/{month}/{slug}/`, with `{slug}`,
///    `{year}`, `{month}`, `{day}`, `{section}` (the first folder under the articles folder) and
///    `{path}` (the folders under it); a pattern needing a date the article does not give is not used;
/// 3. for Markdown, the "pretty" URL that Hugo, Zola, Eleventy and Gatsby publish by default (and
///    Jekyll with `permalink: /:title/`): the path under the articles folder without its extension,
///    `index` / `_index` meaning the folder itself, folders whose name starts with `_` (`_posts`)
///    and a `YYYY-MM-DD-` date prefix left out, the last part replaced by `slug`, and a final `/`;
///    never a source path ending in `.md`;
/// 4. for HTML and text files, the path under the articles folder as it is: such files are served
///    as they are.
/// nil without a site base (and no absolute URL in the article).
public struct ArticleURL: Sendable, Equatable {
    /// `[author] site_url`, e.g. `https://example.org` (a path after the host is kept).
    public var siteURL: String?
    /// `[footer] permalink`, e.g. `/{year}/{month}/{slug}/`; nil for the default.
    public var pattern: String?

    public init(siteURL: String?, pattern: String? = nil) {
        self.siteURL = siteURL
        self.pattern = pattern
    }

    /// The URL of an article whose file is at `relativePath` (`/`-separated, under its articles folder).
    public func resolve(_ info: DocumentInfo, relativePath: String, kind: FileKind) -> String? {
        for declared in [info.canonicalURL, info.url, info.permalink].compactMap({ $0 }) where !Self.isTemplated(declared) {
            if let url = absolute(declared) { return url }
        }
        guard let siteURL, !siteURL.isEmpty else { return nil }
        var segments = relativePath.split(separator: "/").map(String.init)
        guard let fileName = segments.popLast() else { return nil }
        if kind != .markdown {
            return Self.join(siteURL, (segments + [fileName]).map(Self.encode).joined(separator: "/"))
        }
        let folders = segments.filter { !$0.hasPrefix("_") }
        var stem = fileName
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        let fileDate = Self.datePrefix(stem)
        if fileDate != nil { stem = String(stem.dropFirst(11)) }
        let isIndex = stem == "index" || stem == "_index"
        let slug = info.slug ?? (isIndex ? folders.last : stem)
        let date = Self.date(info.date) ?? fileDate ?? Self.dateFolders(folders)

        if let pattern, !pattern.isEmpty {
            var values: [String: String] = [
                "section": folders.first ?? "", "path": folders.map(Self.encode).joined(separator: "/"),
            ]
            values["slug"] = (slug ?? folders.last).map(Self.encode)
            if let date {
                values["year"] = date.year
                values["month"] = date.month
                values["day"] = date.day
            }
            if let path = Self.fill(pattern, values) { return Self.join(siteURL, Self.squeezeSlashes(path)) }
        }
        var parts = folders
        if !isIndex {
            parts.append(slug ?? stem)
        } else if let declared = info.slug {
            if parts.isEmpty { parts = [declared] } else { parts[parts.count - 1] = declared }
        }
        let path = parts.filter { !$0.isEmpty }.map(Self.encode).joined(separator: "/")
        return Self.join(siteURL, path.isEmpty ? "" : path + "/")
    }

    /// An absolute URL as it is; a path resolved against the site base; nil without a base.
    public func absolute(_ declared: String) -> String? {
        let value = declared.trimmingASCIIWhitespace()
        if value.hasPrefix("http://") || value.hasPrefix("https://") || value.hasPrefix("//") { return String(value) }
        guard let siteURL, !siteURL.isEmpty else { return nil }
        return Self.join(siteURL, String(value.drop { $0 == "/" }))
    }

    /// Eleventy and Jekyll permalinks holding placeholders (`{{ … }}`, `:title`) are not URLs.
    static func isTemplated(_ value: String) -> Bool {
        value.contains("{{") || value.contains("{%") || value.contains("/:") || value.hasPrefix(":")
            || value.lowercased() == "false"
    }

    /// `{name}` replaced by its value; nil when a name has no value.
    static func fill(_ pattern: String, _ values: [String: String]) -> String? {
        var result = ""
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let name = String(rest[rest.index(after: open)..<close])
            guard let value = values[name] else { return nil }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func squeezeSlashes(_ path: String) -> String {
        var result = ""
        for character in path where !(character == "/" && result.hasSuffix("/")) { result.append(character) }
        return String(result.drop { $0 == "/" })
    }

    struct Day: Equatable { let year: String; let month: String; let day: String }

    /// `2018-03-05` at the start of a file name, followed by `-`.
    static func datePrefix(_ stem: String) -> Day? {
        guard stem.count > 11, Array(stem)[10] == "-" else { return nil }
        return date(String(stem.prefix(10)))
    }

    /// The day of a front-matter date (`2023-11-24`, `2023-11-24T09:00:00+01:00`, `2023-11-24 10:00`).
    static func date(_ value: String?) -> Day? {
        guard let value else { return nil }
        let characters = Array(value.trimmingASCIIWhitespace().drop { $0 == "\"" || $0 == "'" }.prefix(10))
        guard characters.count == 10, characters[4] == "-", characters[7] == "-" else { return nil }
        let digits = [characters[0..<4], characters[5..<7], characters[8..<10]]
        guard digits.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return Day(year: String(digits[0]), month: String(digits[1]), day: String(digits[2]))
    }

    /// `…/2022/02/14/…` in the folders.
    static func dateFolders(_ folders: [String]) -> Day? {
        guard folders.count >= 3 else { return nil }
        for index in 0...(folders.count - 3) {
            let (y, m, d) = (folders[index], folders[index + 1], folders[index + 2])
            if y.count == 4, m.count == 2, d.count == 2,
               (y + m + d).allSatisfy({ $0.isASCII && $0.isNumber }) {
                return Day(year: y, month: m, day: d)
            }
        }
        return nil
    }

    /// `base` and a path joined with exactly one `/`.
    static func join(_ base: String, _ path: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + path
    }

    /// One path segment, percent-encoded where a URL needs it (letters of any script kept as
    /// UTF-8 percent escapes, as browsers send them).
    static func encode(_ segment: String) -> String {
        var result = ""
        for byte in segment.utf8 {
            if (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || Array("-._~!$&'()*+,=:@".utf8).contains(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return result
    }
}

private extension String {
    var leftPadded: String { count == 1 ? "0" + self : self }
}
