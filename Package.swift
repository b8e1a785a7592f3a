// swift-tools-version: 6.1
// Chapeau — a free-participation donation tracker.
//
// The pipeline is the architecture (see README "Layout"):
//   chapeau (CLI, thin) ─► ChapeauApp ─► ChapeauStore ─► ChapeauCore
// Dependencies point inward; ChapeauCore does no I/O.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Chapeau",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chapeau", targets: ["chapeau"]),
        .library(name: "ChapeauCore", targets: ["ChapeauCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Tests only: property-based fuzzing of the parsers, the CSV reader and the stamper.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        .target(
            name: "ChapeauCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "ChapeauStore",
            dependencies: ["ChapeauCore", "CSQLiteTuning", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        // A C shim for SQLite's process-wide settings (sqlite3_config is variadic).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "ChapeauFooter",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict),
        .target(
            name: "ChapeauReports",
            dependencies: ["ChapeauCore", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict),
        // libqrencode (Debian's libqrencode-dev, installed by `make`): the SEPA transfer QR code.
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // libcurl, loaded with dlopen at the first HTTP request (a small C shim: the easy API's
        // setopt is variadic): linked, it and its two dozen libraries were loaded by every command.
        .target(name: "CCurl"),
        .target(
            name: "ChapeauApp",
            dependencies: ["ChapeauCore", "ChapeauStore", "ChapeauFooter", "ChapeauReports", "TOMLKit", "CQREncode", "CCurl",
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .executableTarget(
            name: "chapeau",
            dependencies: ["ChapeauApp", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(name: "chapeau-bench", dependencies: ["ChapeauCore", "ChapeauStore", "ChapeauApp"], swiftSettings: strict),
        // What several test targets share: golden files with their record mode.
        .target(name: "ChapeauTestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "ChapeauCoreTests", dependencies: ["ChapeauCore", .product(name: "PropertyBased", package: "swift-property-based")],
                    swiftSettings: strict),
        .testTarget(name: "ChapeauStoreTests", dependencies: ["ChapeauStore", "ChapeauCore", "ChapeauTestSupport",
                                                   .product(name: "GRDB", package: "GRDB.swift")], exclude: ["Golden"],
                    swiftSettings: strict),
        .testTarget(name: "ChapeauReportsTests", dependencies: ["ChapeauReports", "ChapeauCore", "ChapeauTestSupport"], exclude: ["Golden"],
                    swiftSettings: strict),
        .testTarget(name: "ChapeauFooterTests", dependencies: ["ChapeauFooter", .product(name: "PropertyBased", package: "swift-property-based")],
                    swiftSettings: strict),
        .testTarget(name: "ChapeauAppTests", dependencies: ["ChapeauApp", "ChapeauStore", "ChapeauReports", "ChapeauCore",
                                                 .product(name: "PropertyBased", package: "swift-property-based")], swiftSettings: strict),
        // Runs the built `chapeau` binary in temporary folders; GRDB only to tamper with a ledger as an intruder
        // would (or count its rows), Crypto only to check webhook signatures independently, ChapeauCore only
        // for its seeded generator, so that random kills replay; the shared golden files.
        .testTarget(name: "EndToEndTests", dependencies: ["ChapeauCore", "ChapeauTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                                                .product(name: "Crypto", package: "swift-crypto")], exclude: ["Golden"],
                    swiftSettings: strict),
    ]
)
