import Foundation
@testable import ChapeauApp

/// Fixture files, read from the Fixtures folder next to this source file.
enum StatementFixture {
    static func bytes(_ name: String) -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/statements")
            .appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return [UInt8](data)
    }
}

/// The error a read throws, or nil when it succeeds.
func readError(_ read: ([UInt8]) throws(StatementError) -> [StatementLine], _ text: String) -> StatementError? {
    do {
        _ = try read(Array(text.utf8))
        return nil
    } catch {
        return error
    }
}
