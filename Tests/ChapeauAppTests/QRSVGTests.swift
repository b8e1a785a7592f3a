import Foundation
import Testing
import ChapeauCore
@testable import ChapeauApp

struct QRSVGTests {
    @Test func svgShape() throws {
        let svg = try QRSVG.svg(for: "BCD\n002\n1\nSCT", title: "Don <Chapeau> & \"co\"")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title>Don &lt;Chapeau&gt; &amp; &quot;co&quot;</title>"))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(!svg.contains("href") && !svg.contains("<image") && !svg.contains("\n"))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test func quietZoneAndMergedRuns() throws {
        let svg = try QRSVG.svg(for: "Chapeau", title: "t")
        let size = 21 + 8  // a version 1 symbol plus two quiet zones of 4
        #expect(svg.contains("viewBox=\"0 0 \(size) \(size)\""))
        let runs = try #require(svg.split(separator: "d=\"").last).split(separator: "M")
        #expect(!runs.isEmpty)
        var darkModules = 0
        for run in runs {
            // Each run reads "x yhNv1h-Nz".
            let numbers = run.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            try #require(numbers.count == 5, "\(run)")
            let (x, y, length) = (numbers[0], numbers[1], numbers[2])
            #expect(x >= 4 && y >= 4 && x + length <= size - 4 && y < size - 4, "\(run)")
            darkModules += length
        }
        // The top-left finder pattern starts with a run of seven dark modules.
        #expect(svg.contains("d=\"M4 4h7v1h-7z"))
        #expect(runs.count < darkModules)
    }

    @Test func refusals() {
        #expect(throws: QRError.empty) { try QRSVG.svg(for: "", title: "t") }
        #expect(throws: QRError.tooLong(bytes: 3000)) { try QRSVG.svg(for: String(repeating: "x", count: 3000), title: "t") }
        #expect(QRError.tooLong(bytes: 3000).description.hasPrefix("The text takes 3000 bytes"))
        #expect(QRError.encodingFailed(errno: EINVAL).description == "The QR code could not be made: Invalid argument.")
    }

    static let payloads: [EPCPayload] = [
        EPCPayload(bic: "BPOTBEB1", name: "Red Cross of Belgium", iban: "BE72000000001616",
                   amountMinor: 100, purpose: "CHAR", remittanceText: "Urgency fund",
                   information: "Sample EPC QR code"),
        EPCPayload(name: "Élodie Durand", iban: "BE68 5390 0754 7034", amountMinor: 2500,
                   reference: CreditorReference.forSupporter(number: 42),
                   information: "Merci, à bientôt ! 🎩"),
        EPCPayload(bic: "GEBABEBB", name: String(repeating: "N", count: 70), iban: "BE68539007547034",
                   amountMinor: 99_999_999_999, purpose: "CHAR",
                   remittanceText: String(repeating: "T", count: 140),
                   information: String(repeating: "I", count: 57)),
    ]

    @Test(arguments: payloads)
    func decoderReadsThePayloadBack(payload: EPCPayload) throws {
        let text = try payload.text()
        let rsvgConvert = try requireTool("rsvg-convert", debianPackage: "librsvg2-bin")
        let zbarimg = try requireTool("zbarimg", debianPackage: "zbar-tools")

        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qrsvg-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svgFile = directory.appendingPathComponent("code.svg")
        let pngFile = directory.appendingPathComponent("code.png")
        try QRSVG.svg(for: text, title: "Payment").write(to: svgFile, atomically: true, encoding: .utf8)

        let converted = try run(rsvgConvert, ["-z", "8", "-b", "white", "-o", pngFile.path, svgFile.path])
        try #require(converted.status == 0, "rsvg-convert failed: \(converted.errors)")

        let decoded = try run(zbarimg, ["--raw", "-q", "-Sbinary", pngFile.path])
        try #require(decoded.status == 0, "zbarimg found no code (status \(decoded.status)): \(decoded.errors)")
        var bytes = decoded.output
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        #expect(bytes == Data(text.utf8), "decoded: \(String(decoding: bytes, as: UTF8.self))")
    }
}

/// The path of `name` on PATH; records a failure naming the package to install otherwise.
func requireTool(_ name: String, debianPackage: String) throws -> URL {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    Issue.record("\(name) is not installed; install the Debian package \(debianPackage) (apt-get install \(debianPackage)).")
    throw MissingTool()
}

struct MissingTool: Error {}

func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, outputData, String(decoding: errorData, as: UTF8.self))
}
