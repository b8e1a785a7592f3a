// libFuzzer target: the amount parser on arbitrary bytes (as UTF-8 text, lossily decoded).
// Built by `make fuzz` with -sanitize=fuzzer,address together with the parser's sources.
// Properties: it never crashes; what it accepts is positive, under the ceiling, and reads
// back the same once formatted.

let fuzzRegistry: UnitRegistry? = try? UnitRegistry(defaultCode: "EUR", custom: [
    Unit(code: "PTJ", decimals: 0, name: "Points Jeu", isCurrency: false),
    Unit(code: "h", decimals: 1, name: "heures", isCurrency: false),
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAmount(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let registry = fuzzRegistry else { fatalError("the fuzz target's units are invalid") }
    let parser = AmountParser(registry: registry)
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let money = try? parser.parse(text) else { return 0 }
    precondition(money.minor > 0 && money.minor <= Money.ceilingMinor(for: money.unit), "\(text.debugDescription) → \(money)")
    precondition((try? parser.parse(money.description)) == money, "\(text.debugDescription) → \(money) does not read back")
    return 0
}
