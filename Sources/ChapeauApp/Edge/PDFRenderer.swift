import CPangoCairo
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
        var data = Data()
    }

    /// The PDF of `paper`. Throws when cairo reports an error (out of memory, a font it cannot use).
    public static func render(_ paper: Paper) throws -> Data {
        let doc = paper.typeset()
        let sink = Sink()
        let box = Unmanaged.passRetained(sink)
        defer { box.release() }
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        guard let surface = cairo_pdf_surface_create_for_stream(write, box.toOpaque(), pageWidth, pageHeight) else {
            throw AppError.io("cannot create a PDF document (cairo)")
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Chapeau")
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw AppError.io("cannot draw a PDF document (cairo)")
        }
        var page = Page(cr: cr, footer: doc.footer)
        page.begin()
        for block in doc.blocks { page.draw(block) }
        page.finish()
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw AppError.io("cannot write the PDF document: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }

    /// The drawing state: where the next block goes on the current page.
    struct Page {
        let cr: OpaquePointer
        let footer: String
        var y = margin
        var number = 1
        var textWidth: Double { pageWidth - 2 * margin }
        var bottom: Double { pageHeight - margin - 24 }

        mutating func begin() { y = margin }

        /// A layout of `text` in `size` points, wrapped to `width`.
        func layout(_ text: String, size: Double, bold: Bool = false, width: Double, right: Bool = false) -> OpaquePointer? {
            guard let layout = pango_cairo_create_layout(cr) else { return nil }
            let desc = pango_font_description_from_string("\(family) \(bold ? "Bold " : "")\(size)")
            pango_layout_set_font_description(layout, desc)
            pango_font_description_free(desc)
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            if right { pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT) }
            pango_layout_set_text(layout, text, -1)
            return layout
        }

        func height(_ layout: OpaquePointer) -> Double {
            var w: Int32 = 0, h: Int32 = 0
            pango_layout_get_size(layout, &w, &h)
            return Double(h) / Double(PANGO_SCALE)
        }

        func show(_ layout: OpaquePointer, x: Double, y: Double, grey: Double = 0) {
            cairo_set_source_rgb(cr, grey, grey, grey)
            cairo_move_to(cr, x, y)
            pango_cairo_show_layout(cr, layout)
        }

        mutating func room(_ h: Double) {
            if y + h > bottom && y > margin { newPage() }
        }

        mutating func newPage() {
            drawFooter()
            cairo_show_page(cr)
            number += 1
            y = margin
        }

        func drawFooter() {
            let text = footer.isEmpty ? "\(number)" : "\(footer) — \(number)"
            guard let l = layout(text, size: 7.5, width: textWidth, right: true) else { return }
            show(l, x: margin, y: pageHeight - margin, grey: 0.35)
            g_object_unref(UnsafeMutableRawPointer(l))
        }

        mutating func paragraph(_ text: String, size: Double, bold: Bool = false, grey: Double = 0, after: Double) {
            guard let l = layout(text, size: size, bold: bold, width: textWidth) else { return }
            let h = height(l)
            room(h)
            show(l, x: margin, y: y, grey: grey)
            y += h + after
            g_object_unref(UnsafeMutableRawPointer(l))
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
                cairo_set_source_rgb(cr, 0.75, 0.1, 0.1)
                cairo_move_to(cr, margin, y)
                pango_cairo_show_layout(cr, l)
                y += height(l) + 6
                g_object_unref(UnsafeMutableRawPointer(l))
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
                    g_object_unref(UnsafeMutableRawPointer(l))
                }
                y += h + 2 * pad
                cairo_set_source_rgb(cr, 0.75, 0.75, 0.75)
                cairo_set_line_width(cr, bold ? 0.8 : 0.4)
                cairo_move_to(cr, margin, y)
                cairo_line_to(cr, margin + textWidth, y)
                cairo_stroke(cr)
            }
            if columns.contains(where: { !$0.title.isEmpty }) { line(columns.map(\.title), bold: true) }
            else { cairo_set_source_rgb(cr, 0.75, 0.75, 0.75); cairo_set_line_width(cr, 0.8)
                   cairo_move_to(cr, margin, y); cairo_line_to(cr, margin + textWidth, y); cairo_stroke(cr) }
            for r in rows { line(r, bold: false) }
            y += 8
        }

        mutating func finish() {
            drawFooter()
            cairo_show_page(cr)
        }
    }
}
