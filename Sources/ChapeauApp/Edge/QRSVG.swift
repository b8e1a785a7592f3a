import CQREncode
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws QR codes as small standalone SVG documents, using libqrencode.
public enum QRSVG {
    /// Modules of light margin around the symbol, as ISO/IEC 18004 requires.
    static let quietZone = 4

    /// An SVG image of a QR code holding the UTF-8 bytes of `text` in 8-bit mode
    /// at error-correction level M (the level the EPC guidelines require).
    /// `title` names the image for assistive technology.
    public static func svg(for text: String, title: String) throws(QRError) -> String {
        let (width, dark) = try modules(for: Array(text.utf8))
        let size = width + 2 * quietZone
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                guard dark[y * width + x] else { x += 1; continue }
                let start = x
                while x < width, dark[y * width + x] { x += 1 }
                path += "M\(start + quietZone) \(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" \
            role="img" shape-rendering="crispEdges">\
            <title>\(escapeXML(title))</title>\
            <rect width="\(size)" height="\(size)" fill="#fff"/>\
            <path fill="#000" d="\(path)"/></svg>
            """
    }

    /// The symbol's side in modules and, row by row, whether each module is dark.
    static func modules(for bytes: [UInt8]) throws(QRError) -> (width: Int, dark: [Bool]) {
        guard !bytes.isEmpty else { throw .empty }
        errno = 0
        let encoded = bytes.withUnsafeBufferPointer { buffer in
            // Version 0 lets libqrencode pick the smallest version that fits.
            QRcode_encodeData(Int32(buffer.count), buffer.baseAddress, 0, QR_ECLEVEL_M)
        }
        guard let code = encoded else {
            let error = errno
            throw error == ERANGE ? .tooLong(bytes: bytes.count) : .encodingFailed(errno: error)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is set for a dark module; the other bits describe its role.
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        return (width, data.map { $0 & 1 == 1 })
    }

    static func escapeXML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Why a QR code could not be made. `description` is a sentence for the user.
public enum QRError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case tooLong(bytes: Int)
    case encodingFailed(errno: Int32)

    public var description: String {
        switch self {
        case .empty:
            "There is nothing to put in the QR code."
        case .tooLong(let bytes):
            "The text takes \(bytes) bytes, more than a QR code at error-correction level M can hold (2331)."
        case .encodingFailed(let code):
            "The QR code could not be made: \(String(cString: strerror(code)))."
        }
    }
}
