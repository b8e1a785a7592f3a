import Foundation
import Testing
@testable import ChapeauApp

/// `verify --public` compares each section of a published report with the same section recomputed, both
/// read back by `JSONSerialization`. The comparison must not depend on Foundation bridging Swift
/// collections to `NSObject` (a statically linked runtime boxes them instead, and every section differed).
@Suite("verify --public compares report sections structurally")
struct PublicVerifySameTests {
    static func read(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    static let report = #"{"totals":[{"unit":"EUR","minor":1250,"text":"12,50 €","anonymous":null}],"#
        + #""balance":{"rate":0.5,"open":true,"weeks":[1,2,3]},"gifts":3,"period":"2026-11-H1"}"#

    @Test("The same report read twice is the same, section by section, whatever the key order")
    func equal() throws {
        let a = try Self.read(Self.report)
        let b = try Self.read(#"{"period":"2026-11-H1","gifts":3,"balance":{"weeks":[1,2,3],"open":true,"rate":0.5},"#
                              + #""totals":[{"anonymous":null,"text":"12,50 €","minor":1250,"unit":"EUR"}]}"#)
        for key in a.keys { #expect(PublicVerification.same(a[key], b[key]), "\(key)") }
        #expect(PublicVerification.same(nil, nil))
    }

    @Test("A changed figure, a missing key, an extra element, a reordered array or a changed type differs")
    func different() throws {
        let a = try Self.read(Self.report)
        let changes = [
            Self.report.replacingOccurrences(of: "1250", with: "1251"),
            Self.report.replacingOccurrences(of: #","anonymous":null"#, with: ""),
            Self.report.replacingOccurrences(of: "[1,2,3]", with: "[1,2,3,4]"),
            Self.report.replacingOccurrences(of: "[1,2,3]", with: "[3,2,1]"),
            Self.report.replacingOccurrences(of: #""gifts":3"#, with: #""gifts":"3""#),
            Self.report.replacingOccurrences(of: "12,50 €", with: "12,51 €"),
            Self.report.replacingOccurrences(of: "null", with: "0"),
        ]
        for changed in changes {
            let b = try Self.read(changed)
            #expect(a.keys.contains { !PublicVerification.same(a[$0], b[$0]) }, "\(changed)")
        }
        #expect(!PublicVerification.same(a["gifts"], nil))
    }
}
