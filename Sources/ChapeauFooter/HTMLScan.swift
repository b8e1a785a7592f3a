// A small, forgiving HTML reader: enough to find titles, attributes and the text of a page.
// It is no validator; it never fails, it makes the best of tag soup.

enum HTMLScan {
    /// Brackets a link's address in the text made with `linkMarkers` (a private-use character).
    static let linkMarker: Character = "\u{E000}"

    /// Elements whose content is never text shown to a reader.
    static let hiddenElements: Set<String> = ["script", "style", "head", "template", "title", "svg", "math"]

    /// Elements that break the flow of text into a new line.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ]

    /// A tag found at some offset: its lower-cased name, whether it closes, and where it ends.
    struct Tag {
        let name: String
        let isClosing: Bool
        /// Offset just after the `>`.
        let end: Int
    }

    /// The tag starting at `offset` (which holds `<`), or nil when the `<` does not open a tag.
    static func tag(at offset: Int, in bytes: [UInt8]) -> Tag? {
        var index = offset + 1
        let isClosing = index < bytes.count && bytes[index] == ASCII.slash
        if isClosing { index += 1 }
        let nameStart = index
        while index < bytes.count, isNameByte(bytes[index], first: index == nameStart) { index += 1 }
        guard index > nameStart, let close = bytes.tagEnd(from: index) else { return nil }
        let name = String(decoding: bytes[nameStart..<index].map(ASCII.lowercased), as: UTF8.self)
        return Tag(name: name, isClosing: isClosing, end: close + 1)
    }

    private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        let letter = (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        return first ? letter : letter || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x3A
    }

    /// Attributes of the opening tag at `offset`, names lower-cased, values entity-decoded.
    static func attributes(ofTagAt offset: Int, in bytes: [UInt8]) -> [String: String] {
        guard let tag = tag(at: offset, in: bytes) else { return [:] }
        var index = offset + 1
        while index < tag.end, !ASCII.isSpace(bytes[index]), bytes[index] != ASCII.greaterThan { index += 1 }
        let limit = tag.end - 1
        var result: [String: String] = [:]
        while index < limit {
            while index < limit, ASCII.isSpace(bytes[index]) || bytes[index] == ASCII.slash { index += 1 }
            let nameStart = index
            while index < limit, !ASCII.isSpace(bytes[index]), bytes[index] != 0x3D, bytes[index] != ASCII.slash {
                index += 1
            }
            guard index > nameStart else { break }
            let name = String(decoding: bytes[nameStart..<index].map(ASCII.lowercased), as: UTF8.self)
            while index < limit, ASCII.isSpace(bytes[index]) { index += 1 }
            var value = ""
            if index < limit, bytes[index] == 0x3D {
                index += 1
                while index < limit, ASCII.isSpace(bytes[index]) { index += 1 }
                if index < limit, bytes[index] == ASCII.doubleQuote || bytes[index] == ASCII.singleQuote {
                    let quote = bytes[index]
                    let valueStart = index + 1
                    index = valueStart
                    while index < limit, bytes[index] != quote { index += 1 }
                    value = bytes.text(valueStart..<index)
                    index += 1
                } else {
                    let valueStart = index
                    while index < limit, !ASCII.isSpace(bytes[index]) { index += 1 }
                    value = bytes.text(valueStart..<index)
                }
            }
            if result[name] == nil { result[name] = HTMLEntities.decode(value) }
        }
        return result
    }

    static func firstTagAttributes(_ name: String, in bytes: [UInt8]) -> [String: String]? {
        bytes.firstTag(name).map { attributes(ofTagAt: $0, in: bytes) }
    }

    static func tagsAttributes(_ name: String, in bytes: [UInt8]) -> [[String: String]] {
        var found: [[String: String]] = []
        var start = 0
        while let offset = bytes.firstTag(name, from: start) {
            found.append(attributes(ofTagAt: offset, in: bytes))
            start = offset + 1
        }
        return found
    }

    /// The text of the first element `name`, tags dropped, entities decoded, whitespace collapsed.
    static func elementText(_ name: String, in bytes: [UInt8]) -> String? {
        guard let open = bytes.firstTag(name), let tag = tag(at: open, in: bytes),
              let close = bytes.firstTag(name, closing: true, from: tag.end)
        else { return nil }
        let inner = Array(bytes[tag.end..<close])
        return Audit.collapseWhitespace(text(of: inner, keepHiddenElements: true))
    }

    /// Reduces HTML to the text a reader sees: hidden elements and comments dropped, a line break
    /// for each block element, whitespace runs collapsed, entities decoded.
    /// With `linkMarkers`, each link's `href` is kept as a word of its own, between
    /// `linkMarker` characters, where the link opens (see `Audit.words`).
    static func text(of bytes: [UInt8], keepHiddenElements: Bool = false, linkMarkers: Bool = false) -> String {
        var lines: [String] = []
        var line = ""
        var segment: [UInt8] = []
        func flushSegment() {
            guard !segment.isEmpty else { return }
            line += HTMLEntities.decode(String(decoding: segment, as: UTF8.self))
            segment.removeAll(keepingCapacity: true)
        }
        func breakLine() {
            flushSegment()
            lines.append(line)
            line = ""
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isSpace(byte) {
                if segment.last != ASCII.space { segment.append(ASCII.space) }
                index += 1
                continue
            }
            guard byte == ASCII.lessThan else {
                segment.append(byte)
                index += 1
                continue
            }
            if bytes.matches(Array("<!--".utf8), at: index) {
                let close = bytes.firstOffset(of: Array("-->".utf8), from: index + 4)
                index = close.map { $0 + 3 } ?? bytes.count
                continue
            }
            if index + 1 < bytes.count, bytes[index + 1] == 0x21 || bytes[index + 1] == 0x3F {
                index = bytes.tagEnd(from: index).map { $0 + 1 } ?? bytes.count
                continue
            }
            guard let tag = tag(at: index, in: bytes) else {
                segment.append(byte)
                index += 1
                continue
            }
            if !tag.isClosing, !keepHiddenElements, hiddenElements.contains(tag.name) {
                // Without its closing tag (an omitted </head>), only the tag itself is skipped.
                let close = bytes.firstTag(tag.name, closing: true, from: tag.end)
                index = close.flatMap { bytes.tagEnd(from: $0) }.map { $0 + 1 } ?? tag.end
                continue
            }
            if blockElements.contains(tag.name) { breakLine() }
            if linkMarkers, tag.name == "a", !tag.isClosing,
               let href = attributes(ofTagAt: index, in: bytes)["href"], !href.isEmpty {
                flushSegment()
                line += " \(linkMarker)\(href.filter { !$0.isWhitespace })\(linkMarker) "
            }
            index = tag.end
        }
        breakLine()
        return lines.map(Audit.collapseWhitespace).filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

/// HTML character references: the common named ones and every numeric one.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "laquo": "«", "raquo": "»", "lsquo": "‘", "rsquo": "’", "sbquo": "‚", "ldquo": "“",
        "rdquo": "”", "bdquo": "„", "lsaquo": "‹", "rsaquo": "›", "hellip": "…", "ndash": "–",
        "mdash": "—", "minus": "−", "shy": "\u{00AD}", "thinsp": "\u{2009}", "ensp": "\u{2002}",
        "emsp": "\u{2003}", "zwsp": "\u{200B}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "middot": "·", "bull": "•", "copy": "©", "reg": "®", "trade": "™", "deg": "°",
        "euro": "€", "pound": "£", "cent": "¢", "yen": "¥", "sect": "§", "para": "¶",
        "times": "×", "divide": "÷", "plusmn": "±", "frac12": "½", "frac14": "¼", "frac34": "¾",
        "iexcl": "¡", "iquest": "¿", "ordf": "ª", "ordm": "º", "sup2": "²", "sup3": "³",
        "agrave": "à", "aacute": "á", "acirc": "â", "atilde": "ã", "auml": "ä", "aring": "å",
        "aelig": "æ", "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê", "euml": "ë",
        "igrave": "ì", "iacute": "í", "icirc": "î", "iuml": "ï", "ntilde": "ñ", "ograve": "ò",
        "oacute": "ó", "ocirc": "ô", "otilde": "õ", "ouml": "ö", "oslash": "ø", "oelig": "œ",
        "ugrave": "ù", "uacute": "ú", "ucirc": "û", "uuml": "ü", "yacute": "ý", "yuml": "ÿ",
        "szlig": "ß",
        "Agrave": "À", "Aacute": "Á", "Acirc": "Â", "Atilde": "Ã", "Auml": "Ä", "Aring": "Å",
        "AElig": "Æ", "Ccedil": "Ç", "Egrave": "È", "Eacute": "É", "Ecirc": "Ê", "Euml": "Ë",
        "Igrave": "Ì", "Iacute": "Í", "Icirc": "Î", "Iuml": "Ï", "Ntilde": "Ñ", "Ograve": "Ò",
        "Oacute": "Ó", "Ocirc": "Ô", "Otilde": "Õ", "Ouml": "Ö", "Oslash": "Ø", "OElig": "Œ",
        "Ugrave": "Ù", "Uacute": "Ú", "Ucirc": "Û", "Uuml": "Ü", "Yacute": "Ý", "Yuml": "Ÿ",
    ]

    /// Replaces character references; an unknown or malformed one is left as it is.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let afterAmp = rest.index(after: amp)
            let candidate = rest[afterAmp...].prefix(33)
            if let semicolon = candidate.firstIndex(of: ";"),
               let decoded = reference(candidate[..<semicolon]) {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[afterAmp...]
            }
        }
        result += rest
        return result
    }

    private static func reference(_ name: Substring) -> String? {
        guard name.first == "#" else { return named[String(name)] }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        guard let code = value, code != 0, let scalar = Unicode.Scalar(code) else { return nil }
        return String(Character(scalar))
    }
}
