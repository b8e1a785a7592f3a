public import Foundation

/// Lays a `Paper` out on A4 pages and returns the PDF bytes, through cairo (the PDF surface:
/// fonts embedded as subsets, text kept as text) and pango (shaping, line breaking, French
/// text). Nothing here writes PDF syntax; nothing here touches the disk.
public enum PDFRenderer {
    /// A4 in PostScript points.
    public static let pageWidth = 595.276
    public static let pageHeight = 841.89
    static let margin = 56.0
    static let family = "DejaVu Sans"

    final class Sink {
        /// Room for a one-page document at once (about 30 kB): cairo writes it in many small pieces.
        var data = Data(capacity: 48 * 1024)
    }

    /// The PDF of `paper`. Throws when cairo reports an error (out of memory, a font it cannot use).
    public static func render(_ paper: Paper) throws -> Data {
        let pc = try PangoCairo.shared.get()
        let cache = LayoutCache.current(pc)
        cache.startDocument()
        let doc = paper.typeset()
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let write: PangoCairo.WriteFunction = { closure, bytes, length in
            guard let closure, let bytes else { return PangoCairo.statusWriteError }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.data.append(bytes, count: Int(length))
            return PangoCairo.statusSuccess
        }
        guard let surface = pc.pdfSurfaceCreateForStream(write, box.toOpaque(), pageWidth, pageHeight) else {
            throw AppError.io("cannot create a PDF document (cairo)")
        }
        pc.pdfSurfaceSetMetadata(surface, PangoCairo.metadataTitle, doc.title)
        pc.pdfSurfaceSetMetadata(surface, PangoCairo.metadataCreator, "Chapeau")
        guard let cr = pc.create(surface) else {
            pc.surfaceDestroy(surface)
            throw AppError.io("cannot draw a PDF document (cairo)")
        }
        var page = Page(pc: pc, cr: cr, cache: cache, footer: doc.footer)
        page.begin()
        for block in doc.blocks { page.draw(block) }
        page.finish()
        pc.destroy(cr)
        pc.surfaceFinish(surface)
        let status = pc.surfaceStatus(surface)
        pc.surfaceDestroy(surface)
        guard status == PangoCairo.statusSuccess else {
            throw AppError.io("cannot write the PDF document: \(pc.statusToString(status).map { String(cString: $0) } ?? "status \(status)")")
        }
        return sink.data
    }

    /// The PDFs of `papers`, in order, rendered on every core: each document has its own cairo
    /// surface, and pango's font map is one per thread. The first failure is thrown.
    public static func renderAll(_ papers: [Paper]) throws -> [Data] {
        try Parallel.map(papers.count, batch: max(1, papers.count), slice: 4, progress: nil) { i in
            Result { try render(papers[i]) }
        }.map { try $0.get() }
    }

    /// The drawing state: where the next block goes on the current page.
    struct Page {
        let pc: PangoCairo
        let cr: OpaquePointer
        let cache: LayoutCache
        let footer: String
        var y = margin
        var number = 1
        var textWidth: Double { pageWidth - 2 * margin }
        var bottom: Double { pageHeight - margin - 24 }

        mutating func begin() { y = margin }

        /// A layout of `text` in `size` points, wrapped to `width`: the one this thread already
        /// made for the same text and style, if any. It belongs to the cache: do not unref it.
        func layout(_ text: String, size: Double, bold: Bool = false, width: Double, right: Bool = false) -> OpaquePointer? {
            let key = LayoutCache.Key(text: text, size: size, bold: bold, width: Int32(width * Double(PangoCairo.scale)), right: right)
            if let made = cache.layout(for: key) { return made }
            guard let layout = pc.createLayout(cr) else { return nil }
            let desc = pc.fontDescriptionFromString("\(family) \(bold ? "Bold " : "")\(size)")
            pc.layoutSetFontDescription(layout, desc)
            pc.fontDescriptionFree(desc)
            pc.layoutSetWidth(layout, key.width)
            pc.layoutSetWrap(layout, PangoCairo.wrapWordChar)
            if right { pc.layoutSetAlignment(layout, PangoCairo.alignRight) }
            pc.layoutSetText(layout, text, -1)
            cache.keep(layout, for: key)
            return layout
        }

        func height(_ layout: OpaquePointer) -> Double {
            var w: Int32 = 0, h: Int32 = 0
            pc.layoutGetSize(layout, &w, &h)
            return Double(h) / Double(PangoCairo.scale)
        }

        func show(_ layout: OpaquePointer, x: Double, y: Double, grey: Double = 0) {
            pc.setSourceRGB(cr, grey, grey, grey)
            pc.moveTo(cr, x, y)
            pc.showLayout(cr, layout)
        }

        mutating func room(_ h: Double) {
            if y + h > bottom && y > margin { newPage() }
        }

        mutating func newPage() {
            drawFooter()
            pc.showPage(cr)
            number += 1
            y = margin
        }

        func drawFooter() {
            let text = footer.isEmpty ? "\(number)" : "\(footer) — \(number)"
            guard let l = layout(text, size: 7.5, width: textWidth, right: true) else { return }
            show(l, x: margin, y: pageHeight - margin, grey: 0.35)
        }

        mutating func paragraph(_ text: String, size: Double, bold: Bool = false, grey: Double = 0, after: Double) {
            guard let l = layout(text, size: size, bold: bold, width: textWidth) else { return }
            let h = height(l)
            room(h)
            show(l, x: margin, y: y, grey: grey)
            y += h + after
        }

        mutating func draw(_ block: Paper.Block) {
            switch block {
            case .title(let s): paragraph(s, size: 16, bold: true, after: 10)
            // A heading keeps at least a few lines of what follows on its page.
            case .heading(let s): room(90); y += 6; paragraph(s, size: 11.5, bold: true, after: 5)
            case .text(let s): paragraph(s, size: 9.5, after: 5)
            case .strong(let s): paragraph(s, size: 9.5, bold: true, after: 5)
            case .small(let s): paragraph(s, size: 7.5, grey: 0.3, after: 4)
            case .space: y += 8
            case .mark(let s):
                guard let l = layout(s, size: 28, bold: true, width: textWidth, right: true) else { return }
                pc.setSourceRGB(cr, 0.75, 0.1, 0.1)
                pc.moveTo(cr, margin, y)
                pc.showLayout(cr, l)
                y += height(l) + 6
            case .table(let columns, let rows):
                table(columns, rows)
            }
        }

        mutating func table(_ columns: [Paper.Column], _ rows: [[String]]) {
            let pad = 4.0
            func line(_ cells: [String], bold: Bool) {
                var layouts: [(OpaquePointer, Double)] = []
                var x = margin
                var h = 0.0
                for (i, col) in columns.enumerated() {
                    let w = col.width * textWidth
                    let text = i < cells.count ? cells[i] : ""
                    // Figures keep a gutter on their right, away from the next column's text.
                    if let l = layout(text, size: 8.5, bold: bold, width: w - (col.right && i < columns.count - 1 ? 14 : pad), right: col.right) {
                        layouts.append((l, x))
                        h = max(h, height(l))
                    }
                    x += w
                }
                room(h + 2 * pad)
                for (l, x) in layouts {
                    show(l, x: x, y: y + pad)
                }
                y += h + 2 * pad
                pc.setSourceRGB(cr, 0.75, 0.75, 0.75)
                pc.setLineWidth(cr, bold ? 0.8 : 0.4)
                pc.moveTo(cr, margin, y)
                pc.lineTo(cr, margin + textWidth, y)
                pc.stroke(cr)
            }
            if columns.contains(where: { !$0.title.isEmpty }) { line(columns.map(\.title), bold: true) }
            else { pc.setSourceRGB(cr, 0.75, 0.75, 0.75); pc.setLineWidth(cr, 0.8)
                   pc.moveTo(cr, margin, y); pc.lineTo(cr, margin + textWidth, y); pc.stroke(cr) }
            for r in rows { line(r, bold: false) }
            y += 8
        }

        mutating func finish() {
            drawFooter()
            pc.showPage(cr)
        }
    }
}

/// The layouts one thread has made, by text and style, kept from one document to the next: a
/// run of receipts or attestations shows the same headings, legal mentions, dates, amounts
/// and channels thousands of times, and shaping them (harfbuzz, pango's line breaking) was a
/// fifth of the work. A layout is drawn on any document's cairo context (all are PDF surfaces
/// with the same font options). Pango objects are not shared between threads: one cache per
/// thread, released when the thread ends. A document borrows its layouts until it is drawn, so
/// the cache is emptied only between documents, once it holds `limit` layouts.
final class LayoutCache {
    struct Key: Hashable {
        let text: String
        let size: Double
        let bold: Bool
        let width: Int32
        let right: Bool
    }

    static let limit = 2048
    let pc: PangoCairo
    private var layouts: [Key: OpaquePointer] = [:]

    init(_ pc: PangoCairo) { self.pc = pc }

    /// Before a document: no layout is borrowed, so this is where a full cache is emptied.
    func startDocument() {
        if layouts.count >= Self.limit { empty() }
    }

    func layout(for key: Key) -> OpaquePointer? { layouts[key] }

    func keep(_ layout: OpaquePointer, for key: Key) { layouts[key] = layout }

    func empty() {
        for l in layouts.values { pc.objectUnref(l) }
        layouts.removeAll(keepingCapacity: true)
    }

    deinit { empty() }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { p in
            guard let p else { return }
            Unmanaged<LayoutCache>.fromOpaque(p).release()
        }
        return key
    }()

    /// This thread's cache, made on first use.
    static func current(_ pc: PangoCairo) -> LayoutCache {
        if let p = pthread_getspecific(key) { return Unmanaged<LayoutCache>.fromOpaque(p).takeUnretainedValue() }
        let cache = LayoutCache(pc)
        pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
        return cache
    }
}
