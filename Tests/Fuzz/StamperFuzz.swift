// libFuzzer target: the footer stamper on arbitrary bytes (as UTF-8 text, lossily decoded),
// for each kind of article. Built by `make fuzz` with -sanitize=fuzzer,address together with
// the stamper's sources. Properties: it never crashes; on what it accepts, stamping again
// changes nothing, removing gives back the input, and check sees the footer current.

let fuzzFooter = RenderedFooter(head: "Article en participation libre (*)",
                                tail: "(*) Vous êtes libre de copier ce texte. Soutenir : https://example.org/soutenir")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStamp(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for kind in FileKind.allCases {
        guard let stamped = try? Footer.stamp(text, kind: kind, rendered: fuzzFooter) else { continue }
        let again = try? Footer.stamp(stamped, kind: kind, rendered: fuzzFooter)
        precondition(again.map { Array($0.utf8) } == Array(stamped.utf8), "\(kind): stamping twice differs for \(text.debugDescription)")
        let removed = try? Footer.remove(stamped, kind: kind)
        precondition(removed.map { Array($0.utf8) } == Array(text.utf8), "\(kind): remove(stamp(x)) != x for \(text.debugDescription)")
        let status = Footer.check(stamped, kind: kind, rendered: fuzzFooter)
        precondition(status == .current || status == .disabled, "\(kind): \(status) after stamping \(text.debugDescription)")
    }
    return 0
}
