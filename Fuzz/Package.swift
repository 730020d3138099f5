// swift-tools-version:6.1
// libFuzzer harnesses for Sightline's parsers and commands, in their own package so that the
// main build and `make test` are untouched. Build and run with `make fuzz` from the top
// folder (it passes -sanitize=fuzzer,address); see Fuzz/README.md.
import PackageDescription

let package = Package(
    name: "SightlineFuzz",
    dependencies: [
        .package(name: "Sightline", path: "..")
    ],
    targets: [
        // The entry point: SwiftPM links an executable's entry as sightline_fuzz_main, which
        // this C target defines by calling libFuzzer's driver.
        .target(name: "FuzzMain"),
        // One binary, the target chosen by SIGHTLINE_FUZZ_TARGET.
        .executableTarget(
            name: "sightline-fuzz",
            dependencies: [
                "FuzzMain",
                .product(name: "Sightline", package: "Sightline"),
                .product(name: "SightlineCLI", package: "Sightline"),
            ],
            path: "Sources/SightlineFuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
