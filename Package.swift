// swift-tools-version: 6.0
// The v2vsim package: targets and their dependency direction follow ../shared/DESIGN.md.
// Dependencies point downwards only: SimKernel and V2VCrypto at the bottom, the CLI at the top.
import PackageDescription

/// The small engine targets that whole-scenario tests spend most of their CPU in are compiled with `-O`
/// in debug builds too, so that `make test` (a debug build) fits its 10-minute budget: with every
/// engine at `-O` the tests took a third of the CPU. V2VSim and Trace stay at `-Onone`: they are the
/// largest targets, `-O` costs about four times the CPU to compile (V2VSim: 57 s against 15 s) and
/// the tests spend less of their time in them (a quarter of the samples of a recorded run). `-O` keeps overflow traps and preconditions;
/// `-assert-config Debug` keeps `assert` too, and SwiftPM still passes `-enable-testing`, so
/// `@testable import` works. `V2VSIM_ONONE=1 swift build` gives a plain `-Onone` build for a debugger.
let engineSettings: [SwiftSetting] = Context.environment["V2VSIM_ONONE"] == nil
    ? [.unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug))]
    : []

let package = Package(
    name: "v2vsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "v2vsim", targets: ["v2vsim"]),
        .library(name: "V2VSim", targets: ["V2VSim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // The Visualizer's local HTTP server (`v2vsim visualize --serve`): small, no SwiftNIO.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .target(name: "SimKernel", swiftSettings: engineSettings),
        .target(name: "V2VCrypto", dependencies: ["CSodium"], swiftSettings: engineSettings),
        .target(name: "Radio", dependencies: ["SimKernel"], swiftSettings: engineSettings),
        .target(name: "Traffic", dependencies: ["SimKernel"], swiftSettings: engineSettings),
        .target(name: "V2X", dependencies: ["V2VCrypto", "SimKernel", "NeuralNet"], swiftSettings: engineSettings),
        .target(name: "Ledger", dependencies: ["V2VCrypto", "SimKernel"], swiftSettings: engineSettings),
        .target(name: "NeuralNet", swiftSettings: engineSettings),
        .target(name: "Policy", dependencies: ["Traffic", "SimKernel", "NeuralNet"], swiftSettings: engineSettings),
        .target(
            name: "Trace",
            dependencies: [
                "SimKernel", "V2VCrypto", "V2X", "Ledger", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Scenario",
            dependencies: ["SimKernel", "Traffic", "V2X", "Radio", "Ledger", "Trace", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "V2VSim",
            dependencies: [
                "SimKernel", "V2VCrypto", "Radio", "Traffic", "V2X", "Ledger", "Policy", "NeuralNet", "Trace", "Scenario",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "VisualizerServer",
            dependencies: ["Trace", .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox")]
        ),
        .target(name: "Sweep", dependencies: ["Scenario", "SimKernel", "V2VCrypto"]),
        .executableTarget(
            name: "v2vsim",
            dependencies: [
                "V2VSim", "Scenario", "Trace", "Policy", "NeuralNet", "VisualizerServer", "Sweep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "V2VTestSupport", dependencies: ["V2VSim"], path: "Tests/V2VTestSupport"),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        .testTarget(name: "V2VCryptoTests", dependencies: ["V2VCrypto", "V2VTestSupport"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "V2VTestSupport"]),
        .testTarget(name: "TrafficTests", dependencies: ["Traffic"]),
        .testTarget(name: "V2XTests", dependencies: ["V2X", "Radio", "NeuralNet"]),
        .testTarget(name: "RadioTests", dependencies: ["Radio", "SimKernel"]),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", "NeuralNet", "Traffic", "SimKernel"]),
        .testTarget(name: "TraceTests", dependencies: ["Trace", "V2X", "Radio", "V2VTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Scenario", "SimKernel", "V2VTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["V2VSim", "Trace", "Policy", "NeuralNet", "Scenario", "V2VTestSupport", "VisualizerServer"]),
    ],
    swiftLanguageModes: [.v6]
)
