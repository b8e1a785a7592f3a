import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// cairo and pango, loaded when the first PDF is drawn rather than linked: linked, their
/// libraries (glib, harfbuzz, fontconfig, freetype, X11 and twenty more) were mapped and
/// relocated at every start of every command, about 4 ms of CPU before `chapeau list` could do
/// anything. Loaded here with `dlopen` from Debian's `libpangocairo-1.0-0`, only by the commands
/// that write a PDF (statements, attestations, receipts).
///
/// The functions are the stable C API of cairo ≥ 1.10 and pango ≥ 1.10; the enum values below
/// are those of their headers (cairo_status_t, cairo_pdf_metadata_t, PangoWrapMode, PangoAlignment).
struct PangoCairo: @unchecked Sendable {
    typealias Pointer = OpaquePointer
    typealias WriteFunction = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<UInt8>?, UInt32) -> Int32

    static let statusSuccess: Int32 = 0
    static let statusWriteError: Int32 = 11
    static let metadataTitle: Int32 = 0
    static let metadataCreator: Int32 = 4
    static let scale: Int32 = 1024
    static let wrapWordChar: Int32 = 2
    static let alignRight: Int32 = 2

    let pdfSurfaceCreateForStream: @convention(c) (WriteFunction?, UnsafeMutableRawPointer?, Double, Double) -> Pointer?
    let pdfSurfaceSetMetadata: @convention(c) (Pointer?, Int32, UnsafePointer<CChar>?) -> Void
    let create: @convention(c) (Pointer?) -> Pointer?
    let destroy: @convention(c) (Pointer?) -> Void
    let surfaceFinish: @convention(c) (Pointer?) -> Void
    let surfaceDestroy: @convention(c) (Pointer?) -> Void
    let surfaceStatus: @convention(c) (Pointer?) -> Int32
    let statusToString: @convention(c) (Int32) -> UnsafePointer<CChar>?
    let setSourceRGB: @convention(c) (Pointer?, Double, Double, Double) -> Void
    let moveTo: @convention(c) (Pointer?, Double, Double) -> Void
    let lineTo: @convention(c) (Pointer?, Double, Double) -> Void
    let setLineWidth: @convention(c) (Pointer?, Double) -> Void
    let stroke: @convention(c) (Pointer?) -> Void
    let showPage: @convention(c) (Pointer?) -> Void
    let createLayout: @convention(c) (Pointer?) -> Pointer?
    let showLayout: @convention(c) (Pointer?, Pointer?) -> Void
    let fontDescriptionFromString: @convention(c) (UnsafePointer<CChar>?) -> Pointer?
    let fontDescriptionFree: @convention(c) (Pointer?) -> Void
    let layoutSetFontDescription: @convention(c) (Pointer?, Pointer?) -> Void
    let layoutSetWidth: @convention(c) (Pointer?, Int32) -> Void
    let layoutSetWrap: @convention(c) (Pointer?, Int32) -> Void
    let layoutSetAlignment: @convention(c) (Pointer?, Int32) -> Void
    let layoutSetText: @convention(c) (Pointer?, UnsafePointer<CChar>?, Int32) -> Void
    let layoutGetSize: @convention(c) (Pointer?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) -> Void
    let objectUnref: @convention(c) (Pointer?) -> Void

    static let library = "libpangocairo-1.0.so.0"

    /// The library, loaded once; the error says what to install when it is missing.
    static let shared: Result<PangoCairo, AppError> = load()

    static func load() -> Result<PangoCairo, AppError> {
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
            let why = dlerror().map { String(cString: $0) } ?? library
            return .failure(.io("cannot write PDF documents: \(why) (install Debian's libpangocairo-1.0-0)"))
        }
        var missing: [String] = []
        // dlsym on the handle searches the library and the libraries it depends on (pango, cairo, gobject).
        func symbol<T>(_ name: String, _: T.Type) -> T? {
            guard let p = dlsym(handle, name) else { missing.append(name); return nil }
            return unsafeBitCast(p, to: T.self)
        }
        typealias P = Pointer
        let loaded: PangoCairo? = {
            guard let a = symbol("cairo_pdf_surface_create_for_stream", (@convention(c) (WriteFunction?, UnsafeMutableRawPointer?, Double, Double) -> P?).self),
                  let b = symbol("cairo_pdf_surface_set_metadata", (@convention(c) (P?, Int32, UnsafePointer<CChar>?) -> Void).self),
                  let c = symbol("cairo_create", (@convention(c) (P?) -> P?).self),
                  let d = symbol("cairo_destroy", (@convention(c) (P?) -> Void).self),
                  let e = symbol("cairo_surface_finish", (@convention(c) (P?) -> Void).self),
                  let f = symbol("cairo_surface_destroy", (@convention(c) (P?) -> Void).self),
                  let g = symbol("cairo_surface_status", (@convention(c) (P?) -> Int32).self),
                  let h = symbol("cairo_status_to_string", (@convention(c) (Int32) -> UnsafePointer<CChar>?).self),
                  let i = symbol("cairo_set_source_rgb", (@convention(c) (P?, Double, Double, Double) -> Void).self),
                  let j = symbol("cairo_move_to", (@convention(c) (P?, Double, Double) -> Void).self),
                  let k = symbol("cairo_line_to", (@convention(c) (P?, Double, Double) -> Void).self),
                  let l = symbol("cairo_set_line_width", (@convention(c) (P?, Double) -> Void).self),
                  let m = symbol("cairo_stroke", (@convention(c) (P?) -> Void).self),
                  let n = symbol("cairo_show_page", (@convention(c) (P?) -> Void).self),
                  let o = symbol("pango_cairo_create_layout", (@convention(c) (P?) -> P?).self),
                  let q = symbol("pango_cairo_show_layout", (@convention(c) (P?, P?) -> Void).self),
                  let r = symbol("pango_font_description_from_string", (@convention(c) (UnsafePointer<CChar>?) -> P?).self),
                  let s = symbol("pango_font_description_free", (@convention(c) (P?) -> Void).self),
                  let t = symbol("pango_layout_set_font_description", (@convention(c) (P?, P?) -> Void).self),
                  let u = symbol("pango_layout_set_width", (@convention(c) (P?, Int32) -> Void).self),
                  let v = symbol("pango_layout_set_wrap", (@convention(c) (P?, Int32) -> Void).self),
                  let w = symbol("pango_layout_set_alignment", (@convention(c) (P?, Int32) -> Void).self),
                  let x = symbol("pango_layout_set_text", (@convention(c) (P?, UnsafePointer<CChar>?, Int32) -> Void).self),
                  let y = symbol("pango_layout_get_size", (@convention(c) (P?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) -> Void).self),
                  let z = symbol("g_object_unref", (@convention(c) (P?) -> Void).self)
            else { return nil }
            return PangoCairo(pdfSurfaceCreateForStream: a, pdfSurfaceSetMetadata: b, create: c, destroy: d, surfaceFinish: e,
                              surfaceDestroy: f, surfaceStatus: g, statusToString: h, setSourceRGB: i, moveTo: j, lineTo: k,
                              setLineWidth: l, stroke: m, showPage: n, createLayout: o, showLayout: q,
                              fontDescriptionFromString: r, fontDescriptionFree: s, layoutSetFontDescription: t,
                              layoutSetWidth: u, layoutSetWrap: v, layoutSetAlignment: w, layoutSetText: x,
                              layoutGetSize: y, objectUnref: z)
        }()
        guard let loaded else {
            return .failure(.io("cannot write PDF documents: \(library) lacks \(missing.joined(separator: ", "))"))
        }
        return .success(loaded)
    }
}
