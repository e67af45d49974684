// swift-tools-version: 6.0
// libFuzzer targets for the wire decoders and the scenario loader, kept out of the main package: they only link with
// `-sanitize=fuzzer`, which `make fuzz` passes (`swift build -Xswiftc -sanitize=fuzzer,address`).
import PackageDescription

let package = Package(
    name: "v2vsim-fuzz",
    dependencies: [.package(name: "v2vsim", path: "..")],
    targets: [
        // The libFuzzer driver hand-off that every target shares.
        .target(name: "FuzzHarness"),
        // No main.swift and -parse-as-library: libFuzzer provides `main`.
        .executableTarget(
            name: "FuzzEnvelope", dependencies: ["FuzzHarness", .product(name: "V2VSim", package: "v2vsim")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzCertificate", dependencies: ["FuzzHarness", .product(name: "V2VSim", package: "v2vsim")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzHazard", dependencies: ["FuzzHarness", .product(name: "V2VSim", package: "v2vsim")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzScenario", dependencies: ["FuzzHarness", .product(name: "V2VSim", package: "v2vsim")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ],
    swiftLanguageModes: [.v6]
)
