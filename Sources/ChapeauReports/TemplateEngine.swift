import ChapeauCore

// The built-in report layouts, rendered without reflection.
//
// The HTML and Markdown layouts are Mustache templates (`BuiltInTemplates`), and a user may
// replace them: those replacements go through swift-mustache. The built-in ones are parsed
// once, here, into a tree, and rendered over the typed contexts: each context answers its
// names from a `switch` (`TemplateFields`), values are appended as UTF-8 bytes and escaped a
// byte at a time. Through swift-mustache the same render turned every struct into a
// dictionary by reflection, then looked each tag up through `Any` casts: 20 % of a
// million-gift `chapeau run`. A test renders many reports both ways and compares the bytes.
//
// What the parser knows is what the built-in templates use: variables, `{{{raw}}}`, sections,
// inverted sections, comments, dotted names and `{{.}}`, with Mustache's standalone-line rule.
// Anything else (partials, delimiters, a tag across lines) makes `CompiledTemplate(_:)` nil.

/// What a name resolves to in a context.
enum TemplateField {
    case text(String)
    case flag(Bool)
    case object(any TemplateFields)
    case list([TemplateField])
    case texts([String])
}

/// A context that answers the names a template reads; nil for a name it does not have (the
/// lookup then climbs to the enclosing context, as Mustache's does).
protocol TemplateFields {
    func field(_ name: Substring) -> TemplateField?
}

/// The fields of a small struct of labels, read once by reflection (a render reads a table
/// many times; labels have dozens of fields and are not worth a hand-written switch).
struct TemplateTable: TemplateFields {
    private var fields: [Substring: TemplateField] = [:]

    init(mirroring value: Any) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            switch child.value {
            case let text as String: fields[Substring(label)] = .text(text)
            case let flag as Bool: fields[Substring(label)] = .flag(flag)
            default: fields[Substring(label)] = .text(String(describing: child.value))
            }
        }
    }

    func field(_ name: Substring) -> TemplateField? { fields[name] }
}

/// A built-in template, parsed into a tree.
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        /// A dotted name (`t.summary`), or `["."]` for the current item.
        case variable(path: [Substring], escaped: Bool)
        case section(path: [Substring], inverted: Bool, body: [Node])
    }

    let nodes: [Node]

    /// nil when the template uses what this parser does not know.
    init?(_ template: String) {
        var parser = Parser()
        guard let nodes = parser.parse(Array(template.utf8)) else { return nil }
        self.nodes = nodes
    }

    func render(_ root: any TemplateFields) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64 * 1024)
        var stack: [TemplateField] = [.object(root)]
        Self.render(nodes, stack: &stack, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func render(_ nodes: [Node], stack: inout [TemplateField], into out: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                guard let value = lookup(path, in: stack) else { continue }
                switch value {
                case .text(let s): escaped ? escape(s, into: &out) : out.append(contentsOf: s.utf8)
                case .flag(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
                // The built-in templates never print a list or an object; a test pins that
                // both engines agree on every report, so a template that starts to would fail it.
                case .object, .list, .texts: continue
                }
            case .section(let path, let inverted, let body):
                let value = lookup(path, in: stack)
                if inverted {
                    if isEmpty(value) { render(body, stack: &stack, into: &out) }
                    continue
                }
                switch value {
                case nil: continue
                case .flag(let b)?: if b { render(body, stack: &stack, into: &out) }
                case .list(let items)?:
                    for item in items { renderPushed(item, body, stack: &stack, into: &out) }
                case .texts(let items)?:
                    for item in items { renderPushed(.text(item), body, stack: &stack, into: &out) }
                case let value?:
                    renderPushed(value, body, stack: &stack, into: &out)
                }
            }
        }
    }

    private static func renderPushed(_ item: TemplateField, _ body: [Node], stack: inout [TemplateField], into out: inout [UInt8]) {
        stack.append(item)
        render(body, stack: &stack, into: &out)
        stack.removeLast()
    }

    /// Mustache's falsy values: nothing, false, an empty list.
    private static func isEmpty(_ value: TemplateField?) -> Bool {
        switch value {
        case nil: return true
        case .flag(let b)?: return !b
        case .list(let items)?: return items.isEmpty
        case .texts(let items)?: return items.isEmpty
        case .text?, .object?: return false
        }
    }

    /// The first name is looked up from the innermost context outwards; the rest in what it found.
    private static func lookup(_ path: [Substring], in stack: [TemplateField]) -> TemplateField? {
        guard let first = path.first else { return nil }
        if first == "." { return stack.last }
        var found: TemplateField?
        for context in stack.reversed() {
            if case .object(let o) = context, let v = o.field(first) {
                found = v
                break
            }
        }
        for name in path.dropFirst() {
            guard case .object(let o)? = found else { return nil }
            found = o.field(name)
        }
        return found
    }

    /// HTML escaping, as Mustache's: `&`, `<`, `>`, `"` and `'`, a byte at a time (a mark
    /// combined with `<` does not hide it).
    private static func escape(_ s: String, into out: inout [UInt8]) {
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])          // &amp;
            case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                // &lt;
            case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                // &gt;
            case UInt8(ascii: "\""): out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])   // &quot;
            case UInt8(ascii: "'"): out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])          // &#39;
            default: out.append(byte)
            }
        }
    }

    /// Template bytes to a tree. Lines are read one at a time: a line whose only tag is a
    /// section, inverted section, closing or comment tag, with nothing but spaces and tabs
    /// around it, is "standalone" and leaves nothing in the output, its line break included.
    private struct Parser {
        enum Token {
            case text([UInt8])
            case variable(String, escaped: Bool)
            case open(String, inverted: Bool)
            case close(String)
            case comment
        }

        mutating func parse(_ bytes: [UInt8]) -> [Node]? {
            var tokens: [Token] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let lineEnd = end < bytes.count ? end + 1 : end   // with its line break
                guard let line = Self.tokens(bytes[start..<lineEnd]) else { return nil }
                tokens += Self.standalone(line) ?? line
                start = lineEnd
            }
            var index = 0
            let nodes = Self.tree(tokens, &index, closing: nil)
            return index == tokens.count ? nodes : nil
        }

        /// The line's tokens; nil for what this parser does not read.
        static func tokens(_ line: ArraySlice<UInt8>) -> [Token]? {
            var out: [Token] = []
            var text: [UInt8] = []
            var i = line.startIndex
            let open: [UInt8] = Array("{{".utf8)
            while i < line.endIndex {
                guard i + 1 < line.endIndex, line[i] == open[0], line[i + 1] == open[1] else {
                    text.append(line[i])
                    i += 1
                    continue
                }
                if !text.isEmpty { out.append(.text(text)); text = [] }
                let triple = i + 2 < line.endIndex && line[i + 2] == UInt8(ascii: "{")
                let bodyStart = i + (triple ? 3 : 2)
                let closer: [UInt8] = Array((triple ? "}}}" : "}}").utf8)
                var j = bodyStart
                while j + closer.count <= line.endIndex, !line[j..<(j + closer.count)].elementsEqual(closer) { j += 1 }
                guard j + closer.count <= line.endIndex else { return nil }   // a tag across lines
                let body = String(decoding: line[bodyStart..<j], as: UTF8.self)
                i = j + closer.count
                if triple {
                    out.append(.variable(body.trimmed, escaped: false))
                    continue
                }
                guard let sigil = body.first else { return nil }
                let name = String(body.dropFirst()).trimmed
                switch sigil {
                case "#": out.append(.open(name, inverted: false))
                case "^": out.append(.open(name, inverted: true))
                case "/": out.append(.close(name))
                case "!": out.append(.comment)
                case "&": out.append(.variable(name, escaped: false))
                case ">", "<", "=", "$", "%": return nil
                default: out.append(.variable(body.trimmed, escaped: true))
                }
            }
            if !text.isEmpty { out.append(.text(text)) }
            return out
        }

        /// The line without its blanks and line break, when its only tag stands alone.
        static func standalone(_ line: [Token]) -> [Token]? {
            var tag: Token?
            for token in line {
                switch token {
                case .text(let bytes):
                    guard bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return nil }
                case .variable: return nil
                case .open, .close, .comment:
                    guard tag == nil else { return nil }
                    tag = token
                }
            }
            return tag.map { [$0] }
        }

        static func tree(_ tokens: [Token], _ index: inout Int, closing: String?) -> [Node] {
            var nodes: [Node] = []
            while index < tokens.count {
                let token = tokens[index]
                index += 1
                switch token {
                case .text(let bytes):
                    if case .text(let previous)? = nodes.last {
                        nodes[nodes.count - 1] = .text(previous + bytes)
                    } else {
                        nodes.append(.text(bytes))
                    }
                case .variable(let name, let escaped):
                    nodes.append(.variable(path: Self.path(name), escaped: escaped))
                case .open(let name, let inverted):
                    let body = tree(tokens, &index, closing: name)
                    nodes.append(.section(path: Self.path(name), inverted: inverted, body: body))
                case .close(let name):
                    if name == closing { return nodes }
                    index = tokens.count + 1   // unbalanced: parse fails
                    return nodes
                case .comment:
                    continue
                }
            }
            if closing != nil { index = tokens.count + 1 }   // a section never closed
            return nodes
        }

        static func path(_ name: String) -> [Substring] {
            name == "." ? ["."] : name.split(separator: ".", omittingEmptySubsequences: false)
        }
    }
}

private extension String {
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
