import ChapeauReports

/// A document of paperwork (a statement, an attestation, a receipt) as a list of blocks: what
/// it says, in order, with no notion of pages. Built by pure functions from the figures; the
/// edge lays it out on A4 pages as PDF (`PDFRenderer`, through cairo and pango), so that no
/// PDF syntax is ever written by hand.
public struct Paper: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public var title: String
        /// The share of the text width, 0 to 1.
        public var width: Double
        /// Figures are aligned on the right.
        public var right: Bool
        public init(_ title: String, width: Double, right: Bool = false) {
            self.title = title; self.width = width; self.right = right
        }
    }

    public enum Block: Sendable, Equatable {
        case title(String)
        case heading(String)
        case text(String)
        /// A line in bold (a total, a certification).
        case strong(String)
        case small(String)
        case table([Column], [[String]])
        /// A large word across the top of the page: `DUPLICATA`, `ANNULÉ`.
        case mark(String)
        case space
    }

    /// The document's title (PDF metadata).
    public var title: String
    public var blocks: [Block]
    /// Printed at the foot of every page, beside the page number.
    public var footer: String

    public init(title: String, blocks: [Block] = [], footer: String = "") {
        self.title = title; self.blocks = blocks; self.footer = footer
    }

    /// Every text the document shows, with French typography applied (non-breaking spaces
    /// before « : ; ! ? », inside guillemets).
    public func typeset() -> Paper {
        func t(_ s: String) -> String { FrenchTypography.apply(s) }
        var out = self
        out.title = t(title)
        out.footer = t(footer)
        out.blocks = blocks.map { b in
            switch b {
            case .title(let s): return .title(t(s))
            case .heading(let s): return .heading(t(s))
            case .text(let s): return .text(t(s))
            case .strong(let s): return .strong(t(s))
            case .small(let s): return .small(t(s))
            case .mark(let s): return .mark(s)
            case .space: return .space
            case .table(let cols, let rows):
                return .table(cols.map { Column(t($0.title), width: $0.width, right: $0.right) }, rows.map { $0.map(t) })
            }
        }
        return out
    }
}
